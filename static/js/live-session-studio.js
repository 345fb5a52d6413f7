/* Studio editor of the spoc_live_session block: settings and slots (start typed in a chosen time zone). */
function SpocLiveSessionStudio(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var client = new SpocClient(runtime, element);
    var el = SpocDom.el, button = SpocDom.button;
    var t = args.strings;
    var form = element.querySelector('.spoc-live-session-form');
    var slotsBox = element.querySelector('.spoc-live-session-studio-slots');
    var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    var zones = (Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [browserZone]).concat(['UTC']);

    /* "2026-12-01T17:00:00Z" shown as "2026-12-01T18:00" in Europe/Paris. */
    function localInput(utc, zone) {
        if (!utc) { return ''; }
        var parts = {};
        try {
            new Intl.DateTimeFormat('en-CA', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
                                              day: '2-digit', hour: '2-digit', minute: '2-digit'})
                .formatToParts(new Date(utc)).forEach(function (part) { parts[part.type] = part.value; });
        } catch (e) {
            return '';  // a zone this browser does not know, or a stored date it cannot show: the author types one
        }
        return parts.year + '-' + parts.month + '-' + parts.day + 'T' + parts.hour + ':' + parts.minute;
    }
    function field(row, label, input) {
        var wrapper = el('label', null, label + ' ');
        wrapper.appendChild(input);
        row.appendChild(wrapper);
        return input;
    }
    function input(type, name, value) {
        var node = document.createElement('input');
        node.type = type;
        node.name = name;
        node.value = value == null ? '' : value;
        return node;
    }

    function addSlot(slot) {
        slot = slot || {timezone: browserZone, duration: 60, capacity: 0, cohorts: []};
        var zone = slot.timezone || 'UTC';
        var row = el('fieldset', 'spoc-live-session-studio-slot');
        row.setAttribute('data-slot-id', slot.id || '');
        if (slot.problem) {
            row.appendChild(el('p', 'spoc-message spoc-message-error spoc-live-session-studio-problem',
                               t["This slot's start, duration or capacity is not accepted any more: " +
                                 'fix it or remove the slot.']));
        }
        field(row, t['Start (local time)'], input('datetime-local', 'start', localInput(slot.start, zone)));
        var zoneInput = field(row, t['Time zone'], input('text', 'timezone', zone));
        zoneInput.setAttribute('list', 'spoc-live-session-zones');
        field(row, t['Duration (minutes)'], input('number', 'duration', slot.duration)).min = 1;
        field(row, t['Capacity (0 = unlimited)'], input('number', 'capacity', slot.capacity)).min = 0;
        field(row, t['Join URL'], input('url', 'join_url', slot.join_url));
        field(row, t.Language, input('text', 'language', slot.language)).size = 6;
        if (args.cohorts.length) {
            var group = el('div', 'spoc-live-session-studio-cohorts');
            group.appendChild(document.createTextNode(t['Cohorts (none = everyone)'] + ' '));
            args.cohorts.forEach(function (name) {
                var box = input('checkbox', 'cohort', name);
                box.checked = (slot.cohorts || []).indexOf(name) >= 0;
                var label = el('label');
                label.appendChild(box);
                label.appendChild(document.createTextNode(' ' + name + ' '));
                group.appendChild(label);
            });
            row.appendChild(group);
        }
        row.appendChild(button(t['Remove slot'], 'spoc-secondary', function () { row.remove(); }));
        slotsBox.appendChild(row);
    }

    function slotValues(row) {
        var value = function (name) { return row.querySelector('[name=' + name + ']').value.trim(); };
        var slot = {
            start: value('start'), timezone: value('timezone'), duration: value('duration'),
            capacity: value('capacity'), join_url: value('join_url'), language: value('language'),
            cohorts: Array.prototype.map.call(row.querySelectorAll('[name=cohort]:checked'),
                                              function (box) { return box.value; })
        };
        if (row.getAttribute('data-slot-id')) { slot.id = row.getAttribute('data-slot-id'); }
        return slot;
    }

    var list = el('datalist');
    list.id = 'spoc-live-session-zones';
    zones.forEach(function (zone) {
        var option = el('option');
        option.value = zone;
        list.appendChild(option);
    });
    element.appendChild(list);

    var settings = args.settings;
    ['title', 'kind', 'host', 'description', 'join_opens_minutes', 'recording_url', 'completion_rule',
     'attendance_method'].forEach(function (name) { form.elements[name].value = settings[name]; });
    form.elements.registration_required.checked = settings.registration_required;
    args.slots.forEach(addSlot);
    element.querySelector('.spoc-live-session-add-slot').addEventListener('click', function () { addSlot(); });
    SpocStudio.editor(runtime, client, form, {
        collect: function () {
            var data = {
                title: form.elements.title.value, kind: form.elements.kind.value, host: form.elements.host.value,
                description: form.elements.description.value,
                registration_required: form.elements.registration_required.checked,
                join_opens_minutes: parseInt(form.elements.join_opens_minutes.value, 10),
                recording_url: form.elements.recording_url.value.trim(),
                completion_rule: form.elements.completion_rule.value,
                attendance_method: form.elements.attendance_method.value,
                slots: Array.prototype.map.call(slotsBox.querySelectorAll('.spoc-live-session-studio-slot'), slotValues)
            };
            if (isNaN(data.join_opens_minutes)) { data.join_opens_minutes = null; }
            return data;
        },
        saving: t['Saving…'],
        onSaved: function (answer) {  // the slots as the server cleaned and stored them
            slotsBox.textContent = '';
            answer.slots.forEach(addSlot);
        },
        saved: t['Saved.'],
        errorTitle: t['Not saved'],
        cancel: element.querySelector('.spoc-live-session-cancel-edit')
    });
}
