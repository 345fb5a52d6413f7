/* Studio editor of the cohort activity block: sends every setting to studio_submit, shows the server's verdict. */
function SpocCohortActivityStudio(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var client = new SpocClient(runtime, element);
    var form = element.querySelector('.spoc-ca-editor');
    form.addEventListener('submit', function (event) {
        event.preventDefault();
        var data = {};
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.name) { return; }
            data[field.name] = field.type === 'checkbox' ? field.checked : field.value;
        });
        if (runtime.notify) { runtime.notify('save', {state: 'start'}); }
        client.call('studio_submit', data).then(function () {
            client.say(args.saved, 'success');
            if (runtime.notify) { runtime.notify('save', {state: 'end'}); }
        }, function (error) {
            client.say(error.error, 'error');
            if (runtime.notify) { runtime.notify('error', {title: args.error_title, message: error.error}); }
        });
    });
}
