/* Shared helpers of the SPOC blocks: JSON calls to handlers with CSRF, messages, escaping, init arguments. */
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

    /* The block's initialisation arguments: the JSON the block wrote in its own HTML (escaped for a script element,
       so that no text in it can end the element), else what the runtime passed. */
    function initArgs(element, passed) {
        var root = element.querySelector ? element : element[0];
        var node = root && root.querySelector('script.spoc-init-args');
        return node ? JSON.parse(node.textContent) : (passed || {});
    }

    function escapeHtml(text) {
        var div = document.createElement('div');
        div.textContent = text == null ? '' : String(text);
        return div.innerHTML;
    }

    global.SpocClient = SpocClient;
    global.SpocEscape = escapeHtml;
    global.SpocArgs = initArgs;
}(window));
