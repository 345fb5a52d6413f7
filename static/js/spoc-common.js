/* Shared helpers of the SPOC blocks, loaded before every block's own JS: JSON calls to handlers with CSRF, errors in
   words, messages next to the control that caused them and out-of-order answers (SpocClient), init arguments
   (SpocArgs), DOM helpers (SpocDom: elements, focus, in-page confirmation, loading line), dates in the learner's zone
   (SpocTime), the Studio editors' save sequence (SpocStudio) and the learner's reminders checkbox (SpocMessages). */
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
                    return Promise.reject({status: response.status, error: message || texts.server});
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
    global.SpocDom = {root: rootOf, fill: fill, el: el, button: button, cell: cell, headerRow: headerRow,
                      focus: focus, confirm: confirm, loading: loading};
    global.SpocTime = timeOf;
    global.SpocStudio = {editor: studioEditor, formValues: formValues};
    global.SpocMessages = {wire: wireMessagePreference};
}(window));
