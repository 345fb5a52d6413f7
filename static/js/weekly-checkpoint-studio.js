/* Weekly checkpoint: the Studio editor (fields in, JSON to studio_submit, errors shown in the form). */
function SpocWeeklyCheckpointStudio(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var root = element.querySelector ? element : element[0];
    var client = new SpocClient(runtime, root);
    var form = root.querySelector('.wc-editor');
    var fields = args.fields;
    form.elements.due.placeholder = args.inherited_due || '';

    Object.keys(fields).forEach(function (name) {
        var input = form.elements[name];
        if (!input) { return; }
        if (input.type === 'checkbox') { input.checked = Boolean(fields[name]); } else { input.value = fields[name]; }
    });

    form.addEventListener('submit', function (event) {
        event.preventDefault();
        var data = {};
        Object.keys(fields).forEach(function (name) {
            var input = form.elements[name];
            if (input.type === 'checkbox') { data[name] = input.checked; }
            else if (input.type === 'number') { data[name] = input.value === '' ? null : Number(input.value); }
            else { data[name] = input.value; }
        });
        if (runtime.notify) { runtime.notify('save', {state: 'start'}); }
        client.call('studio_submit', data).then(function () {
            if (runtime.notify) { runtime.notify('save', {state: 'end'}); }
        }, function (error) {
            client.say(error.error, 'error');
            if (runtime.notify) { runtime.notify('error', {title: 'Error', message: error.error}); }
        });
    });
    root.querySelector('.wc-cancel').addEventListener('click', function () {
        if (runtime.notify) { runtime.notify('cancel', {}); }
    });
}
