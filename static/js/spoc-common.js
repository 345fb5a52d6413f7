/* Shared helpers of the SPOC blocks, loaded before every block's own JS: JSON calls to handlers with CSRF, messages
   and out-of-order answers (SpocClient), init arguments (SpocArgs), DOM helpers (SpocDom) and the Studio editors'
   save sequence (SpocStudio). */
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

    /* POST ``data`` as JSON to the handler; resolves with the JSON answer, rejects with {status, error, errors} (errors:
       the Studio editors' problems by field, when the answer has them). */
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
                    return Promise.reject({status: response.status, error: body.error || response.statusText,
                                           errors: body.errors});
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

    // ----- the Studio editors: xblock.utils' field markup, every error next to its field, Studio's modal contract -----

    var uniqueIds = 0;
    /* A new id for an element of an editor (several blocks' editors may share a page). */
    function newId(prefix) {
        uniqueIds += 1;
        return (prefix || 'spoc-studio') + '-' + uniqueIds;
    }

    /* The value of a plain field (li[data-cast] .field-data-control), cast as xblock.utils' studio_edit.js does. */
    function plainValue(control, cast) {
        var value = control.value;
        if (cast === 'boolean') { return value === '1' || value === 'true'; }
        if (cast === 'integer' || cast === 'float') {
            if (value.trim() === '') { return null; }
            var number = Number(value);
            return isNaN(number) ? value : number;  // the server names what it refuses
        }
        return value;
    }

    /* Every plain field of the form, by name. */
    function formValues(form) {
        var data = {};
        Array.prototype.forEach.call(form.querySelectorAll('li[data-cast]'), function (entry) {
            var control = entry.querySelector('.field-data-control');
            if (control) { data[entry.getAttribute('data-field-name')] = plainValue(control, entry.getAttribute('data-cast')); }
        });
        return data;
    }

    /* Remove the errors shown next to fields. */
    function clearErrors(form) {
        Array.prototype.forEach.call(form.querySelectorAll('.spoc-field-error'), function (box) { box.remove(); });
        Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (control) {
            control.removeAttribute('aria-invalid');
            var described = control.getAttribute('data-described-by');
            if (described) { control.setAttribute('aria-describedby', described); }
            else { control.removeAttribute('aria-describedby'); }
        });
    }

    /* Show ``message`` next to ``control`` (an input, select, textarea or fieldset): aria-invalid, and the message
       among what describes it. */
    function showError(control, message) {
        var box = el('span', 'spoc-field-error', message);
        box.id = newId('spoc-error');
        if (control.tagName === 'FIELDSET') {
            var legend = control.querySelector('legend');
            if (legend && legend.nextSibling) { control.insertBefore(box, legend.nextSibling); }
            else { control.appendChild(box); }
        } else {
            var wrapper = control.closest('.wrapper-comp-setting, label') || control;
            wrapper.parentNode.insertBefore(box, wrapper.nextSibling);
        }
        if (!control.hasAttribute('data-described-by')) {
            control.setAttribute('data-described-by', control.getAttribute('aria-describedby') || '');
        }
        var described = control.getAttribute('data-described-by');
        control.setAttribute('aria-describedby', (described ? described + ' ' : '') + box.id);
        control.setAttribute('aria-invalid', 'true');
    }

    /* Wire a block's Studio editor, whose root is wrapped as xblock.utils' editors are (.editor-with-buttons, with
       .xblock-actions holding .save-button and .cancel-button), so that Studio's modal adds no buttons of its own.
       On save: the plain fields and ``collect()``'s structured ones go to the block's ``studio_submit`` handler,
       between runtime.notify('save', {state: 'start'}) and {state: 'end'}; a refusal puts each of the server's
       ``errors`` ({key: message}) next to the element whose data-error-key is the key (``onErrors(errors)`` first
       puts back what the key needs, e.g. a removed slot), moves the focus to the first, says "Not saved" in the
       form's live region and tells the runtime (notify('error', {title, message})). Cancel: notify('cancel', {}).
       Options: collect(), onSaved(answer), onErrors(errors), strings (the block's translated texts). */
    function studioEditor(runtime, client, form, options) {
        options = options || {};
        var t = options.strings || {};
        function notify(name, data) {
            if (runtime.notify) { runtime.notify(name, data); }
        }
        function refused(error) {
            var errors = error.errors || {};
            if (options.onErrors) { options.onErrors(errors); }
            var unplaced = [], first = null;
            Object.keys(errors).forEach(function (key) {
                var control = form.querySelector('[data-error-key="' + key.replace(/["\\]/g, '\\$&') + '"]');
                if (!control) { unplaced.push(errors[key]); return; }
                showError(control, errors[key]);
                first = first || control;
            });
            var summary = unplaced.length ? unplaced.join(' ') : (Object.keys(errors).length ?
                t['Not saved: fix the fields marked below.'] : error.error);
            client.say(summary || t['Not saved'], 'error');  // no answer at all (network): at least "Not saved"
            if (first) { (first.tagName === 'FIELDSET' ? first.querySelector('input, select, textarea, button') || first : first).focus(); }
            notify('error', {title: t['Not saved'], message: error.error || t['Not saved']});
        }
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            clearErrors(form);
            var data = formValues(form);
            var structured = options.collect ? options.collect() : {};
            Object.keys(structured).forEach(function (name) { data[name] = structured[name]; });
            client.say(t['Saving…'], '');
            notify('save', {state: 'start', message: t['Saving…']});
            client.call('studio_submit', data).then(function (answer) {
                if (options.onSaved) { options.onSaved(answer); }
                client.say(t['Saved.'], 'success');
                notify('save', {state: 'end'});
            }).catch(refused);
        });
        var cancel = form.querySelector('.cancel-button');
        if (cancel) {
            cancel.addEventListener('click', function (event) {
                event.preventDefault();
                notify('cancel', {});
            });
        }
    }

    /* "2026-12-01T17:00:00Z" as a datetime-local value in the browser's zone ("2026-12-01T18:00" in Paris). */
    function localInputValue(iso) {
        var date = iso ? new Date(iso) : null;
        if (!date || isNaN(date.getTime())) { return ''; }
        function two(n) { return (n < 10 ? '0' : '') + n; }
        var year = String(date.getFullYear());
        while (year.length < 4) { year = '0' + year; }
        return year + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + 'T' + two(date.getHours()) + ':' +
            two(date.getMinutes());
    }

    /* A datetime-local value (the browser's zone) as UTC ISO 8601; '' stays ''; what is no date is sent as it is,
       for the server to name. */
    function utcFromInput(value) {
        if (!value) { return ''; }
        var date = new Date(value);
        return isNaN(date.getTime()) ? value : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }

    /* The browser's time zone, in the words the editors show next to their dates. */
    function zoneNote(t) {
        var zone = (Intl.DateTimeFormat().resolvedOptions().timeZone) || 'UTC';
        return fill(t["Times in {zone} (your browser's zone)"] || '{zone}', {zone: zone});
    }

    /* A labelled control for a structured entry: <label class="spoc-studio-entry-field">Text <control></label>. */
    function labelled(text, control, className) {
        var label = el('label', 'spoc-studio-entry-field' + (className ? ' ' + className : ''));
        label.appendChild(el('span', 'setting-label', text));
        label.appendChild(control);
        return control;
    }

    /* An <input> of ``type`` with ``name`` and ``value``. */
    function input(type, name, value) {
        var node = document.createElement('input');
        node.type = type;
        node.name = name;
        node.value = value === null || value === undefined ? '' : value;
        return node;
    }

    global.SpocClient = SpocClient;
    global.SpocArgs = initArgs;
    global.SpocDom = {root: rootOf, fill: fill, el: el, button: button, cell: cell};
    global.SpocStudio = {
        editor: studioEditor, formValues: formValues, newId: newId, localInputValue: localInputValue,
        utcFromInput: utcFromInput, zoneNote: zoneNote, labelled: labelled, input: input
    };
}(window));
