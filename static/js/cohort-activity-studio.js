/* Studio editor of the cohort activity block: the plain fields (xblock.utils' markup, in the template), the prompt
   (a small toolbar over the HTML, and a live preview holding only what the server keeps) and the due date, picked in
   the browser's time zone. */
function SpocCohortActivityStudio(runtime, element, args) {
    'use strict';
    var root = SpocDom.root(element);
    args = SpocArgs(root, args);
    var t = args.strings;
    var form = root.querySelector('.spoc-cohort-activity-editor');
    var prompt = root.querySelector('.spoc-cohort-activity-prompt');
    var preview = root.querySelector('.spoc-studio-preview');
    var allowed = {};
    args.prompt_tags.forEach(function (tag) { allowed[tag.toUpperCase()] = true; });

    /* The prompt's HTML as the learners will see it: only the allowed elements, links to absolute http(s) or mailto
       addresses; built node by node (no HTML of the author's is put in the page as such). */
    function sanitised(source, target) {
        Array.prototype.forEach.call(source.childNodes, function (node) {
            if (node.nodeType === 3) { target.appendChild(document.createTextNode(node.nodeValue)); return; }
            if (node.nodeType !== 1 || /^(SCRIPT|STYLE|TEMPLATE|IFRAME|OBJECT)$/.test(node.tagName)) { return; }
            if (!allowed[node.tagName]) { sanitised(node, target); return; }
            var copy = document.createElement(node.tagName.toLowerCase());
            if (node.tagName === 'A') {
                var href = node.getAttribute('href') || '';
                if (/^(https?:\/\/[^\/\s<>"']|mailto:.)/i.test(href)) {
                    copy.setAttribute('href', href);
                    copy.setAttribute('rel', 'noopener noreferrer');
                }
            }
            sanitised(node, copy);
            target.appendChild(copy);
        });
    }
    function showPreview() {
        preview.textContent = '';
        sanitised(new DOMParser().parseFromString(prompt.value, 'text/html').body, preview);
    }

    /* Wrap the selection of the prompt in ``before`` and ``after`` (or put them at the cursor). */
    function wrap(before, after) {
        var start = prompt.selectionStart, end = prompt.selectionEnd, value = prompt.value;
        prompt.value = value.slice(0, start) + before + value.slice(start, end) + after + value.slice(end);
        prompt.focus();
        prompt.setSelectionRange(start + before.length, end + before.length);
        showPreview();
    }
    var toolbar = root.querySelector('.spoc-studio-toolbar');
    [['Bold', '<strong>', '</strong>'], ['Italic', '<em>', '</em>'], ['Heading', '<h3>', '</h3>'],
     ['Bulleted list', '<ul>\n<li>', '</li>\n</ul>'], ['Numbered list', '<ol>\n<li>', '</li>\n</ol>'],
     ['Quote', '<blockquote>', '</blockquote>']].forEach(function (tool) {
        toolbar.appendChild(SpocDom.button(t[tool[0]], 'button spoc-secondary', function () { wrap(tool[1], tool[2]); }));
    });
    toolbar.appendChild(SpocDom.button(t.Link, 'button spoc-secondary', function () {
        var address = window.prompt(t['Address of the link (https://… or mailto:…)'], 'https://');
        if (address) { wrap('<a href="' + address.replace(/["<>&]/g, '') + '">', '</a>'); }
    }));

    prompt.value = args.prompt;
    prompt.addEventListener('input', showPreview);
    showPreview();
    var due = SpocStudio.dueField(root, args, t);

    SpocStudio.editor(runtime, new SpocClient(runtime, root), form, {
        strings: t,
        collect: function () { return {prompt: prompt.value, due: SpocStudio.utcFromInput(due.value)}; }
    });
}
