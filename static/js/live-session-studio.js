/* Studio editor of the spoc_live_session block: the plain fields (xblock.utils' markup, in the template) and the
   slots, each a fieldset whose start is picked in the browser's time zone (named above the slots) and sent with it. */
function SpocLiveSessionStudio(runtime, element, args) {
    'use strict';
    var root = SpocDom.root(element);
    args = SpocArgs(root, args);
    var client = new SpocClient(runtime, root);
    var el = SpocDom.el, fill = SpocDom.fill, input = SpocStudio.input, labelled = SpocStudio.labelled;
    var t = args.strings;
    var form = root.querySelector('.spoc-live-session-editor');
    var slotsBox = root.querySelector('.spoc-live-session-studio-slots');
    var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    var removed = {};  // slot id -> its fieldset, kept until the save succeeds (the server may refuse a removal)
    var cancelling = {};  // slot id -> true: removed again after the server refused (its learners hold places)
    root.querySelector('.spoc-studio-zone').textContent = SpocStudio.zoneNote(t);

    /* Number the slots' legends and buttons as they stand. */
    function renumber() {
        Array.prototype.forEach.call(slotsBox.children, function (row, index) {
            row.querySelector('legend').textContent = fill(t['Slot {number}'], {number: index + 1});
            row.querySelector('.spoc-live-session-remove-slot').textContent =
                fill(t['Remove slot {number}'], {number: index + 1});
        });
    }

    function addSlot(slot, before) {
        slot = slot || {duration: 60, capacity: 0, cohorts: []};
        var row = el('fieldset', 'spoc-studio-entry spoc-live-session-studio-slot');
        row.setAttribute('data-slot-id', slot.id || '');
        row.appendChild(el('legend'));
        if (slot.problem) {
            row.appendChild(el('p', 'spoc-message-error spoc-live-session-studio-problem',
                               t["This slot's start, duration or capacity is not accepted any more: " +
                                 'fix it or remove the slot.']));
        }
        var grid = el('div', 'spoc-studio-entry-grid');
        grid.appendChild(labelled(t.Start, input('datetime-local', 'start', SpocStudio.localInputValue(slot.start)))
            .parentNode);
        grid.appendChild(labelled(t['Duration (minutes)'], input('number', 'duration', slot.duration)).parentNode);
        grid.appendChild(labelled(t['Capacity (0 = unlimited)'], input('number', 'capacity', slot.capacity)).parentNode);
        grid.appendChild(labelled(t['Join URL'], input('url', 'join_url', slot.join_url)).parentNode);
        grid.appendChild(labelled(t.Language, input('text', 'language', slot.language)).parentNode);
        row.appendChild(grid);
        if (args.cohorts.length) {
            var group = el('fieldset', 'spoc-studio-choices');
            group.setAttribute('data-name', 'cohorts');
            group.appendChild(el('legend', 'setting-label', t['Cohorts (none = everyone)']));
            args.cohorts.forEach(function (name) {
                var box = input('checkbox', 'cohort', name);
                box.checked = (slot.cohorts || []).indexOf(name) >= 0;
                var label = el('label', 'spoc-studio-choice');
                label.appendChild(box);
                label.appendChild(document.createTextNode(' ' + name));
                group.appendChild(label);
            });
            row.appendChild(group);
        }
        var remove = SpocDom.button('', 'button spoc-secondary spoc-live-session-remove-slot', function () {
            var next = row.nextElementSibling || row.previousElementSibling;
            var slotId = row.getAttribute('data-slot-id');
            if (slotId) { removed[slotId] = row; }
            if (slotId && row.hasAttribute('data-refused')) { cancelling[slotId] = true; }
            row.remove();
            renumber();
            (next ? next.querySelector('input') : root.querySelector('.spoc-live-session-add-slot')).focus();
        });
        row.appendChild(remove);
        slotsBox.insertBefore(row, before || null);
        renumber();
        return row;
    }

    /* Each slot's values; its controls get the keys under which the server names their problems. */
    function collectSlots() {
        return Array.prototype.map.call(slotsBox.children, function (row, index) {
            var key = 'slots[' + index + ']';
            row.setAttribute('data-error-key', key);
            var value = function (name) {
                var control = row.querySelector('[name=' + name + ']');
                control.setAttribute('data-error-key', key + '.' + name);
                return control.value.trim();
            };
            var slot = {start: value('start'), timezone: browserZone, duration: value('duration'),
                        capacity: value('capacity'), join_url: value('join_url'), language: value('language'),
                        cohorts: []};
            var group = row.querySelector('[data-name=cohorts]');
            if (group) {
                group.setAttribute('data-error-key', key + '.cohorts');
                slot.cohorts = Array.prototype.map.call(group.querySelectorAll('input:checked'),
                                                        function (box) { return box.value; });
            }
            if (row.getAttribute('data-slot-id')) { slot.id = row.getAttribute('data-slot-id'); }
            return slot;
        });
    }

    args.slots.forEach(function (slot) { addSlot(slot); });
    root.querySelector('.spoc-live-session-add-slot').addEventListener('click', function () {
        addSlot().querySelector('input').focus();
    });
    SpocStudio.editor(runtime, client, form, {
        strings: t,
        collect: function () {
            var kept = collectSlots();
            var ids = kept.map(function (slot) { return slot.id; });
            return {slots: kept, cancel_slots: Object.keys(cancelling).filter(function (id) {
                return ids.indexOf(id) === -1;
            })};
        },
        onErrors: function (errors) {  // a slot whose removal is refused comes back, where it was, with the reason
            Object.keys(errors).forEach(function (key) {
                var match = /^removed\[(.+)\]$/.exec(key);
                var row = match && removed[match[1]];
                if (!row) { return; }
                delete removed[match[1]];
                row.setAttribute('data-error-key', key);
                row.setAttribute('data-refused', '');
                addSlotBack(row);
            });
        },
        onSaved: function (answer) {  // the slots as the server cleaned and stored them
            removed = {};
            cancelling = {};
            slotsBox.textContent = '';
            answer.slots.forEach(function (slot) { addSlot(slot); });
        }
    });

    /* Put a removed slot back among the others, in order of start. */
    function addSlotBack(row) {
        var start = row.querySelector('[name=start]').value;
        var after = Array.prototype.filter.call(slotsBox.children, function (other) {
            return other.querySelector('[name=start]').value > start;
        })[0];
        slotsBox.insertBefore(row, after || null);
        renumber();
    }
}
