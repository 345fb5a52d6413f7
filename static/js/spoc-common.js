/* Shared helpers of the SPOC blocks, loaded before every block's own JS: JSON calls to handlers with CSRF, errors in
   words, messages next to the control that caused them and out-of-order answers (SpocClient), init arguments
   (SpocArgs), DOM helpers (SpocDom: elements, focus, in-page confirmation, loading line), dates in the learner's zone
   (SpocTime), the Studio editors' save sequence (SpocStudio) and a learner view's start, its optional-emails
   checkboxes wired (SpocView). */
(function (global) {
    'use strict';

    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : '';
    }

    /* The block's shared texts (``common`` in its init arguments, translated on the server); English fallbacks. */
    var FALLBACK = {
        network: 'Could not reach the server, try again.', server: 'Something went wrong, try again.',
        loading: 'Loading…', confirm: 'Yes', keep: 'No', days: '{n} d', hours: '{n} h', minutes: '{n} min',
        seconds: '{n} s', zone: 'Times are in your time zone: {zone}.'
    };
    function commonTexts(element) {
        var args = initArgs(element);
        var texts = {};
        Object.keys(FALLBACK).forEach(function (key) {
            texts[key] = (args.common && args.common[key]) || FALLBACK[key];
        });
        return texts;
    }

    function SpocClient(runtime, element) {
        this.runtime = runtime;
        this.element = rootOf(element);
        this.texts = commonTexts(this.element);
    }

    /* POST ``data`` as JSON to the handler; resolves with the JSON answer, rejects with {status, error} where
       ``error`` is always a sentence for people: the server's JSON message (``error`` or ``detail``), else a
       translated generic one (never an HTML page, never "TypeError: Failed to fetch"). Option ``busy``: a control
       disabled (and marked aria-busy) while the call runs. */
    SpocClient.prototype.call = function (handler, data, options) {
        var texts = this.texts;
        var busy = options && options.busy;
        var wasDisabled = busy ? busy.disabled : false;
        if (busy) { busy.disabled = true; busy.setAttribute('aria-busy', 'true'); }
        function done() {
            if (busy) { busy.disabled = wasDisabled; busy.removeAttribute('aria-busy'); }
        }
        var url = this.runtime.handlerUrl(this.element, handler);
        return fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(),
                      'X-Requested-With': 'XMLHttpRequest'},
            body: JSON.stringify(data || {})
        }).then(function (response) {
            return response.text().then(function (text) {
                var body = null;
                try { body = text ? JSON.parse(text) : {}; } catch (e) { body = null; }
                if (!response.ok || body === null) {
                    var message = body && (typeof body.error === 'string' ? body.error :
                                           typeof body.detail === 'string' ? body.detail : '');
                    return Promise.reject({status: response.status, error: message || texts.server,
                                           errors: body && body.errors});
                }
                return body;
            });
        }, function () {
            return Promise.reject({status: 0, error: texts.network});
        }).then(function (body) { done(); return body; }, function (error) { done(); throw error; });
    };

    /* The block's one message area (its ``.spoc-message``), moved next to ``near`` (a control, or an element
       holding it): into its closest ``.spoc-feedback`` ancestor; without one (or without ``near``), back to its
       place in the block's template. One area per block: one message at a time, never a stale one elsewhere. */
    SpocClient.prototype.messageBox = function (near) {
        if (!this.box) {
            this.box = this.element.querySelector('.spoc-message');
            if (!this.box) { return null; }
            this.home = {parent: this.box.parentNode, next: this.box.nextSibling};
        }
        var scope = near && near.closest ? near.closest('.spoc-feedback') : null;
        if (scope && this.element.contains(scope)) {
            if (this.box.parentNode !== scope) { scope.appendChild(this.box); }
        } else if (this.box.parentNode !== this.home.parent) {
            var next = this.home.next && this.home.next.parentNode === this.home.parent ? this.home.next : null;
            this.home.parent.insertBefore(this.box, next);
        }
        return this.box;
    };

    /* Show ``message`` next to the control that caused it (``near``; default: the block's status area) and announce
       it: role="alert" for errors, role="status" else. ``kind``: "error", "success" or "loading". Returns the
       message element. */
    SpocClient.prototype.say = function (message, kind, near) {
        var box = this.messageBox(near);
        if (!box) { return null; }
        box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
        box.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
        box.textContent = message || '';
        box.className = 'spoc-message' + (kind && message ? ' spoc-message-' + kind : '');
        return box;
    };

    /* A failure handler for promises of ``call``: the error said next to ``near``. */
    SpocClient.prototype.failNear = function (near) {
        var client = this;
        return function (error) { client.say((error && error.error) || client.texts.server, 'error', near); };
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

    /* A header row of column headers (th scope="col") for ``labels``, appended to ``head`` (a thead). */
    function headerRow(head, labels) {
        var row = el('tr');
        labels.forEach(function (label) {
            var th = el('th', null, typeof label === 'string' ? label : '');
            th.scope = 'col';
            if (typeof label !== 'string' && label) { th.appendChild(label); }
            row.appendChild(th);
        });
        head.appendChild(row);
        return row;
    }

    /* Move the focus to ``node`` (made focusable by script when it is not a control). */
    function focus(node) {
        if (!node) { return; }
        if (!node.matches('a[href], button, input, select, textarea, [tabindex]')) { node.tabIndex = -1; }
        node.focus();
    }

    /* Ask ``question`` in the page, right after ``anchor`` (an accessible confirmation, not window.confirm): a group
       with the question and two buttons, the focus on the first; Escape answers no. Resolves with true or false;
       the focus goes back to ``anchor`` on "no". ``texts``: {confirm, keep} labels (default: the block's). */
    function confirm(anchor, question, texts) {
        var root = anchor.closest('.spoc-block') || document.body;
        var common = commonTexts(root.parentNode || root);
        texts = texts || {};
        return new Promise(function (resolve) {
            var box = el('div', 'spoc-confirm spoc-inline-buttons');
            var id = 'spoc-confirm-' + Math.random().toString(36).slice(2);
            var text = el('p', null, question);
            text.id = id;
            box.setAttribute('role', 'group');
            box.setAttribute('aria-labelledby', id);
            box.appendChild(text);
            function answer(value) {
                box.remove();
                if (!value && anchor.isConnected) { anchor.focus(); }
                resolve(value);
            }
            var yes = button(texts.confirm || common.confirm, 'spoc-danger spoc-confirm-yes', function () {
                answer(true);
            });
            var no = button(texts.keep || common.keep, 'spoc-secondary spoc-confirm-no', function () {
                answer(false);
            });
            box.appendChild(yes);
            box.appendChild(no);
            box.addEventListener('keydown', function (event) {
                if (event.key === 'Escape') { event.preventDefault(); answer(false); }
            });
            var after = anchor.closest('.spoc-feedback') || anchor.parentNode;
            if (after === anchor.parentNode) { anchor.insertAdjacentElement('afterend', box); } else {
                after.appendChild(box);
            }
            yes.focus();
        });
    }

    /* A "Loading…" line (a status) in ``container``, replacing what it held. */
    function loading(container, texts) {
        container.textContent = '';
        var line = el('p', 'spoc-loading spoc-message-loading', texts.loading);
        line.setAttribute('role', 'status');
        container.appendChild(line);
        return line;
    }

    // ----- dates and times in the learner's zone -----

    /* Dates and times in the learner's time zone: their account's (``zone``, from the LMS preference) when the
       browser knows it, else the browser's; the zone is named in words (``zoneText``). */
    function SpocTime(zone, texts) {
        var locale = document.documentElement.lang || undefined;
        var fallback = Intl.DateTimeFormat().resolvedOptions().timeZone;
        try { new Intl.DateTimeFormat(locale, {timeZone: zone || fallback}); } catch (e) { zone = null; }
        this.zone = zone || fallback;
        this.locale = locale;
        this.texts = texts;
    }

    /* ``value`` (ISO text or Date) formatted in the zone; ``options``: Intl options (default: date and time).
       ``withZone``: the zone's short name after the time ("CET"). */
    SpocTime.prototype.format = function (value, options) {
        var opts = Object.assign({}, options || {dateStyle: 'medium', timeStyle: 'short'}, {timeZone: this.zone});
        return new Intl.DateTimeFormat(this.locale, opts).format(value instanceof Date ? value : new Date(value));
    };
    SpocTime.prototype.withZone = function (value) {
        return this.format(value, {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
                                   timeZoneName: 'short'});
    };

    /* The zone's name in words ("Central European Standard Time"), with its identifier ("Europe/Paris"). */
    SpocTime.prototype.zoneName = function (at) {
        var parts = new Intl.DateTimeFormat(this.locale, {timeZone: this.zone, timeZoneName: 'long'})
            .formatToParts(at ? new Date(at) : new Date());
        var name = (parts.filter(function (part) { return part.type === 'timeZoneName'; })[0] || {}).value;
        return name && name !== this.zone ? name + ' (' + this.zone + ')' : this.zone;
    };

    /* "Times are in your time zone: …" */
    SpocTime.prototype.zoneText = function (at) {
        return fill(this.texts.zone, {zone: this.zoneName(at)});
    };

    /* A duration in words of the learner's language: "6 d 23 h 5 min" (French "6 j 23 h 5 min"), "40 s". */
    SpocTime.prototype.duration = function (ms) {
        var t = this.texts;
        if (ms < 60000) { return fill(t.seconds, {n: Math.max(0, Math.ceil(ms / 1000))}); }
        var minutes = Math.ceil(ms / 60000);
        var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), rest = minutes % 60;
        var parts = [];
        if (days) { parts.push(fill(t.days, {n: days})); }
        if (days || hours) { parts.push(fill(t.hours, {n: hours})); }
        parts.push(fill(t.minutes, {n: rest}));
        return parts.join(' ');
    };

    /* Every <time class="spoc-local-time" datetime="…"> of ``root`` written in the zone (the server wrote UTC). */
    SpocTime.prototype.localize = function (root) {
        var time = this;
        root.querySelectorAll('time.spoc-local-time[datetime]').forEach(function (node) {
            node.textContent = time.withZone(node.getAttribute('datetime'));
        });
    };

    /* The SpocTime of a block: its init arguments' ``time_zone`` (the learner's preference), its common texts. */
    function timeOf(element, args) {
        return new SpocTime(args && args.time_zone, commonTexts(rootOf(element)));
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

    /* The due-date field of an editor (html/studio_due.html) in ``root``: the block's own date (``args.due``) in the
       browser's zone, that zone named, and what an empty field means (the subsection's date, ``args.inherited_due``).
       Returns its input. */
    function dueField(root, args, t) {
        var due = root.querySelector('.spoc-studio-due');
        var entry = due.closest('li');
        due.value = localInputValue(args.due);
        entry.querySelector('.spoc-studio-zone').textContent = zoneNote(t);
        entry.querySelector('.spoc-studio-inherited').textContent = args.inherited_due ?
            t["Empty: the subsection's due date"] + ' (' + new Date(args.inherited_due).toLocaleString() + ').' :
            t["Empty: the subsection's due date, when it has one"] + '.';
        return due;
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

    // ----- optional emails: the learner's reminders and nudges (html/message_preference.html), the tutor's digest
    // and notices (html/tutor_message_preference.html) -----

    /* Save each optional-emails checkbox as soon as it changes (through the handler its paragraph names in
       ``data-handler``); its status line follows the saved choice, and a refusal puts the box back and says why,
       next to it. */
    function wireMessagePreference(client) {
        client.element.querySelectorAll('.spoc-messages-preference').forEach(function (preference) {
            var box = preference.querySelector('.spoc-messages-optional');
            var status = preference.querySelector('.spoc-messages-status');
            box.addEventListener('change', function () {
                box.disabled = true;
                client.call(preference.getAttribute('data-handler'), {optional_emails: box.checked})
                    .then(function (answer) {
                        box.checked = answer.optional_emails;
                        status.textContent = status.getAttribute(answer.optional_emails ? 'data-on' : 'data-off');
                    }).catch(function (error) {
                        box.checked = !box.checked;
                        client.say(error.error, 'error', box);
                    }).then(function () { box.disabled = false; });
            });
        });
    }

    /* What a learner view starts from: its init arguments, root element, client (with the optional-emails checkboxes
       wired) and SpocTime. */
    function learnerView(runtime, element, passed) {
        var args = initArgs(element, passed);
        var root = rootOf(element);
        var client = new SpocClient(runtime, root);
        wireMessagePreference(client);
        return {args: args, root: root, client: client, time: timeOf(root, args)};
    }

    /* The author view of every block (Studio's unit page): its dates written in the author's zone (their LMS
       preference, else the browser's), and that zone named in words in ``.spoc-local-tz``. */
    function SpocAuthorView(runtime, element, passed) {
        var root = rootOf(element);
        var time = timeOf(root, initArgs(root, passed));
        time.localize(root);
        root.querySelectorAll('.spoc-local-tz').forEach(function (node) { node.textContent = time.zoneText(); });
    }

    global.SpocClient = SpocClient;
    global.SpocAuthorView = SpocAuthorView;
    global.SpocArgs = initArgs;
    global.SpocDom = {root: rootOf, fill: fill, el: el, button: button, cell: cell, headerRow: headerRow,
                      focus: focus, confirm: confirm, loading: loading};
    global.SpocTime = timeOf;
    global.SpocStudio = {
        editor: studioEditor, formValues: formValues, newId: newId, localInputValue: localInputValue,
        utcFromInput: utcFromInput, zoneNote: zoneNote, dueField: dueField, labelled: labelled, input: input
    };
    global.SpocView = learnerView;
}(window));
