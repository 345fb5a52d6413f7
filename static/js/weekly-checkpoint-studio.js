/* Weekly checkpoint: the Studio editor. Plain fields in xblock.utils' markup (the template); the due date picked in
   the browser's time zone; the checklist, the linked items (chosen among the course's components, or a pasted usage
   key) and the reflection questions as rows of the same look, sent as lists. */
function SpocWeeklyCheckpointStudio(runtime, element, args) {
    'use strict';
    var root = SpocDom.root(element);
    args = SpocArgs(root, args);
    var t = args.strings;
    var el = SpocDom.el, fill = SpocDom.fill, input = SpocStudio.input, labelled = SpocStudio.labelled;
    var form = root.querySelector('.spoc-weekly-checkpoint-editor');
    var OTHER = '';  // the item select's value for "another item: paste its usage key"
    var lists = {
        checklist: root.querySelector('.spoc-weekly-checkpoint-checklist'),
        links: root.querySelector('.spoc-weekly-checkpoint-links'),
        questions: root.querySelector('.spoc-weekly-checkpoint-questions')
    };
    var titles = {checklist: 'Item {number}', links: 'Linked item {number}', questions: 'Question {number}'};

    function renumber(name) {
        Array.prototype.forEach.call(lists[name].children, function (row, index) {
            var title = fill(t[titles[name]], {number: index + 1});
            row.querySelector('.spoc-studio-entry-title').textContent = title;
            row.querySelector('.spoc-studio-remove').setAttribute('aria-label', t.Remove + ' ' + title);
        });
    }
    /* A row of the list ``name``: a title, the controls ``fill(row)`` adds, a Remove button. */
    function addRow(name, fillRow) {
        var row = el(name === 'checklist' ? 'li' : 'fieldset', 'spoc-studio-entry');
        var title = row.appendChild(el(name === 'checklist' ? 'span' : 'legend', 'spoc-studio-entry-title'));
        var grid = el('div', 'spoc-studio-entry-grid');
        fillRow(grid, title);
        row.appendChild(grid);
        row.appendChild(SpocDom.button(t.Remove, 'button spoc-secondary spoc-studio-remove', function () {
            var next = row.nextElementSibling || row.previousElementSibling;
            row.remove();
            renumber(name);
            (next ? next.querySelector('input, select') : root.querySelector('[data-add=' + name + ']')).focus();
        }));
        lists[name].appendChild(row);
        renumber(name);
        return row;
    }
    function field(grid, label, control) {
        grid.appendChild(labelled(label, control).parentNode);
        return control;
    }

    function addItem(text) {
        return addRow('checklist', function (grid, title) {
            var control = input('text', 'text', text);
            control.maxLength = 500;
            title.id = SpocStudio.newId('spoc-item');  // the row's title ("Item 2") labels its text
            control.setAttribute('aria-labelledby', title.id);
            grid.appendChild(control);
        });
    }
    function itemOptions(select, kind, chosen) {
        var blockType = (args.kinds.filter(function (k) { return k.value === kind; })[0] || {}).block_type;
        select.textContent = '';
        var found = false;
        args.items.forEach(function (item) {
            if (blockType && item.block_type !== blockType) { return; }
            var option = el('option', null, item.label + ' (' + item.block_type + ')');
            option.value = item.usage_key;
            found = found || item.usage_key === chosen;
            select.appendChild(option);
        });
        var other = el('option', null, t['Another item: paste its usage key']);
        other.value = OTHER;
        select.appendChild(other);
        if (found) { select.value = chosen; } else if (chosen) { select.value = OTHER; } else {
            select.value = select.options[0].value;  // the first item of the kind (none: a pasted key)
        }
    }
    function addLink(link) {
        link = link || {kind: 'session', usage_key: '', label: ''};
        return addRow('links', function (grid) {
            var kind = field(grid, t['Kind of item'], el('select'));
            kind.name = 'kind';
            args.kinds.forEach(function (k) {
                var option = el('option', null, k.label);
                option.value = k.value;
                kind.appendChild(option);
            });
            kind.value = link.kind;
            var item = field(grid, t['Item of the course'], el('select'));
            item.name = 'item';
            var pasted = field(grid, t['Usage key'], input('text', 'usage_key', link.usage_key));
            function showPasted() { pasted.parentNode.hidden = item.value !== OTHER; }
            itemOptions(item, link.kind, link.usage_key);
            showPasted();
            kind.addEventListener('change', function () { itemOptions(item, kind.value, ''); showPasted(); });
            item.addEventListener('change', showPasted);
            field(grid, t['Label shown to learners'], input('text', 'label', link.label)).maxLength = 500;
        });
    }
    function addQuestion(question) {
        question = question || {text: '', min_length: 0};
        return addRow('questions', function (grid) {
            field(grid, t.Question, input('text', 'text', question.text)).maxLength = 500;
            field(grid, t['Minimum answer length'], input('number', 'min_length', question.min_length)).min = 0;
        });
    }

    /* The rows of ``name``, each through ``read(row, key)``; controls get the keys the server names problems by. */
    function collect(name, read) {
        return Array.prototype.map.call(lists[name].children, function (row, index) {
            var key = name + '[' + index + ']';
            row.setAttribute('data-error-key', key);
            return read(row, key);
        });
    }
    function control(row, selector, key) {
        var node = row.querySelector(selector);
        node.setAttribute('data-error-key', key);
        return node;
    }

    args.checklist.forEach(addItem);
    args.links.forEach(addLink);
    args.questions.forEach(addQuestion);
    var adders = {checklist: addItem, links: addLink, questions: addQuestion};
    Array.prototype.forEach.call(root.querySelectorAll('[data-add]'), function (button) {
        button.addEventListener('click', function () {
            adders[button.getAttribute('data-add')]().querySelector('input, select').focus();
        });
    });
    var due = SpocStudio.dueField(root, args, t);

    SpocStudio.editor(runtime, new SpocClient(runtime, root), form, {
        strings: t,
        collect: function () {
            return {
                due: SpocStudio.utcFromInput(due.value) || null,
                checklist: collect('checklist', function (row, key) {
                    row.removeAttribute('data-error-key');
                    return control(row, '[name=text]', key).value;
                }),
                links: collect('links', function (row, key) {
                    var item = row.querySelector('[name=item]');
                    var source = item.value === OTHER ? '[name=usage_key]' : '[name=item]';
                    return {kind: control(row, '[name=kind]', key + '.kind').value,
                            usage_key: control(row, source, key + '.usage_key').value.trim(),
                            label: control(row, '[name=label]', key + '.label').value};
                }),
                questions: collect('questions', function (row, key) {
                    var minimum = control(row, '[name=min_length]', key + '.min_length').value.trim();
                    return {text: control(row, '[name=text]', key + '.text').value,
                            min_length: minimum === '' ? 0 : (isNaN(Number(minimum)) ? minimum : Number(minimum))};
                })
            };
        }
    });
}
