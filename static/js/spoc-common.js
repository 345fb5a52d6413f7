/* Shared helpers of the SPOC blocks, loaded before every block's own JS: JSON calls to handlers with CSRF, messages
   and out-of-order answers (SpocClient), init arguments (SpocArgs), DOM helpers (SpocDom), the Studio editors'
   save sequence (SpocStudio) and the learner's reminders checkbox (SpocMessages). */
(function (global) {
    'use strict';

    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : '';
    }

    function SpocClient(runtime, element) {
        this.runtime = runtime;
        this.element = element;
    }

    /* POST ``data`` as JSON to the handler; resolves with the JSON answer, rejects with {status, error}. */
    SpocClient.prototype.call = function (handler, data) {
        var url = this.runtime.handlerUrl(this.element, handler);
        return fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(),
                      'X-Requested-With': 'XMLHttpRequest'},
            body: JSON.stringify(data || {})
        }).then(function (response) {
            return response.text().then(function (text) {
                var body = {};
                try { body = text ? JSON.parse(text) : {}; } catch (e) { body = {error: text}; }
                if (!response.ok) {
                    return Promise.reject({status: response.status, error: body.error || response.statusText});
                }
                return body;
            });
        });
    };

    /* Show a message in the block's status area (role="status"); kind is "error" or "success". */
    SpocClient.prototype.say = function (message, kind) {
        var box = this.element.querySelector('.spoc-message');
        if (!box) { return; }
        box.textContent = message || '';
        box.className = 'spoc-message' + (kind ? ' spoc-message-' + kind : '');
    };

    /* Answers can come back out of order (a cohort or slot chosen while the previous one loads): returns a
       ``latestOnly(handle)`` that wraps an answer's handler, called when the request is made, so that only the
       answer to the latest request wrapped by it is handled; the others are dropped. */
    SpocClient.prototype.latestOnly = function () {
        var latest = 0;
        return function (handle) {
            var request = ++latest;
            return function (data) { if (request === latest) { return handle(data); } };
        };
    };

    /* The block's root DOM element: runtimes pass either the element or a jQuery object wrapping it. */
    function rootOf(element) {
        return element.querySelector ? element : element[0];
    }

    /* The block's initialisation arguments: the JSON the block wrote in its own HTML (escaped for a script element,
       so that no text in it can end the element), else what the runtime passed. */
    function initArgs(element, passed) {
        var root = rootOf(element);
        var node = root && root.querySelector('script.spoc-init-args');
        return node ? JSON.parse(node.textContent) : (passed || {});
    }

    // ----- DOM helpers: every piece of text goes into the page through textContent, never as HTML -----

    /* fill('{n} seats left', {n: 3}) is '3 seats left'; a placeholder without a value is left as it is. */
    function fill(template, values) {
        return template.replace(/\{(\w+)\}/g, function (all, key) {
            return values[key] === undefined ? all : values[key];
        });
    }

    /* A new element with an optional class list and text. */
    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined && text !== null) { node.textContent = text; }
        return node;
    }

    /* A type="button" button that runs onClick. */
    function button(label, className, onClick) {
        var node = el('button', className, label);
        node.type = 'button';
        node.addEventListener('click', onClick);
        return node;
    }

    /* A table cell with text (and an optional class), appended to the row; returned. */
    function cell(row, text, className) {
        var td = el('td', className, text);
        row.appendChild(td);
        return td;
    }

    // ----- the Studio editors' save sequence -----

    /* Every named field of the form: checkboxes as booleans, the other fields as their text. */
    function formValues(form) {
        var data = {};
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.name) { return; }
            data[field.name] = field.type === 'checkbox' ? field.checked : field.value;
        });
        return data;
    }

    /* Wire a block's Studio editor: on submit, collect the form's data, tell the runtime a save starts, POST the data
       to the block's ``studio_submit`` handler, then show the server's verdict in the form's status area and tell the
       runtime (save end, or an error notice with the server's message); the Cancel button tells the runtime to close.
       The texts are the block's own, translated on the server and passed in its init arguments. Options:
         collect()        the data to send (default: formValues(form));
         saving           message of the runtime's "saving" notice (optional);
         saved            message shown in the form once saved (optional);
         onSaved(answer)  runs with the server's answer before the success message (optional);
         errorTitle       title of the runtime's error notice (default: the runtime's own gettext('Error') when the
                          page has one, else no title);
         cancel           the Cancel button (optional). */
    function studioEditor(runtime, client, form, options) {
        options = options || {};
        function notify(name, data) {
            if (runtime.notify) { runtime.notify(name, data); }
        }
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            var data = options.collect ? options.collect() : formValues(form);
            notify('save', options.saving ? {state: 'start', message: options.saving} : {state: 'start'});
            client.call('studio_submit', data).then(function (answer) {
                if (options.onSaved) { options.onSaved(answer); }
                if (options.saved) { client.say(options.saved, 'success'); }
                notify('save', {state: 'end'});
            }).catch(function (error) {
                client.say(error.error, 'error');
                var notice = {message: error.error};
                var title = options.errorTitle ||
                    (typeof global.gettext === 'function' ? global.gettext('Error') : '');
                if (title) { notice.title = title; }
                notify('error', notice);
            });
        });
        if (options.cancel) {
            options.cancel.addEventListener('click', function () { notify('cancel', {}); });
        }
    }

    // ----- the learner's reminders and nudges by email (html/message_preference.html) -----

    /* Save the "Email me reminders and nudges" checkbox as soon as it changes (the block's message_preference
       handler); its status line follows the saved choice, and a refusal puts the box back and says why. */
    function wireMessagePreference(client) {
        var box = client.element.querySelector('.spoc-messages-optional');
        if (!box) { return; }
        var status = client.element.querySelector('.spoc-messages-status');
        box.addEventListener('change', function () {
            box.disabled = true;
            client.call('message_preference', {optional_emails: box.checked}).then(function (answer) {
                box.checked = answer.optional_emails;
                status.textContent = status.getAttribute(answer.optional_emails ? 'data-on' : 'data-off');
            }).catch(function (error) {
                box.checked = !box.checked;
                client.say(error.error, 'error');
            }).then(function () { box.disabled = false; });
        });
    }

    global.SpocClient = SpocClient;
    global.SpocArgs = initArgs;
    global.SpocDom = {root: rootOf, fill: fill, el: el, button: button, cell: cell};
    global.SpocStudio = {editor: studioEditor, formValues: formValues};
    global.SpocMessages = {wire: wireMessagePreference};
}(window));
