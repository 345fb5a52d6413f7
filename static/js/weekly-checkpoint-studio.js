/* Weekly checkpoint: the Studio editor (fields in, JSON to studio_submit, errors shown in the form). */
function SpocWeeklyCheckpointStudio(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var root = SpocDom.root(element);
    var form = root.querySelector('.spoc-weekly-checkpoint-editor');
    var fields = args.fields;
    form.elements.due.placeholder = args.inherited_due || '';

    Object.keys(fields).forEach(function (name) {
        var input = form.elements[name];
        if (!input) { return; }
        if (input.type === 'checkbox') { input.checked = Boolean(fields[name]); } else { input.value = fields[name]; }
    });

    SpocStudio.editor(runtime, new SpocClient(runtime, root), form, {
        collect: function () {
            var data = {};
            Object.keys(fields).forEach(function (name) {
                var input = form.elements[name];
                if (input.type === 'checkbox') { data[name] = input.checked; }
                else if (input.type === 'number') { data[name] = input.value === '' ? null : Number(input.value); }
                else { data[name] = input.value; }
            });
            return data;
        },
        errorTitle: args.error_title,
        cancel: root.querySelector('.spoc-weekly-checkpoint-cancel')
    });
}
