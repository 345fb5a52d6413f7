/* Cohort activity block: the wall of the learner's cohort (or small group), tutor tools for staff.
   Every piece of user text goes into the page through textContent, never as HTML. */
function SpocCohortActivity(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var time = SpocTime(element, args);
    var root = SpocDom.root(element).querySelector('.spoc-cohort-activity') || SpocDom.root(element);
    time.localize(root);
    if (!args.enabled) { return; }
    var client = new SpocClient(runtime, element);
    var t = args.strings;
    var postsList = root.querySelector('.spoc-cohort-activity-posts');
    var pinnedList = root.querySelector('.spoc-cohort-activity-pinned');
    var moreButton = root.querySelector('.spoc-cohort-activity-more');
    var form = root.querySelector('.spoc-cohort-activity-form');
    var cohortSelect = root.querySelector('.spoc-cohort-activity-cohort');
    var groupSelect = root.querySelector('.spoc-cohort-activity-group');
    var cursor = null;
    var replyDrafts = {};  // post id -> a reply typed and not sent: its box comes back open when the wall is redrawn
    var latestOnly = client.latestOnly();  // only the latest wall request renders (the cohort or group may change)

    var fill = SpocDom.fill, el = SpocDom.el, button = SpocDom.button;

    function scope() {
        if (!args.is_staff) { return {}; }
        var data = {cohort_id: cohortSelect ? cohortSelect.value : ''};
        if (groupSelect && groupSelect.value !== '') { data.group = groupSelect.value; }
        return data;
    }

    function fail(near) { return client.failNear(near); }

    function showProgress(progress) {
        var box = root.querySelector('.spoc-cohort-activity-progress');
        if (!box || args.is_staff) { return; }
        box.textContent = progress.summary;
        box.classList.toggle('spoc-cohort-activity-complete', progress.complete);
    }

    function postItem(postId) {
        return root.querySelector('.spoc-cohort-activity-post[data-post-id="' + Number(postId) + '"]');
    }

    function renderPost(post, isReply, readOnly) {
        var item = el('li', 'spoc-cohort-activity-post spoc-feedback');
        item.setAttribute('data-post-id', post.id);
        if (post.is_pinned) { item.classList.add('spoc-cohort-activity-is-pinned'); }
        if (post.is_hidden) { item.classList.add('spoc-cohort-activity-is-hidden'); }
        var meta = el('div', 'spoc-cohort-activity-meta');
        meta.appendChild(el('strong', 'spoc-cohort-activity-author',
                            post.author + (post.is_mine ? ' (' + t.you + ')' : '')));
        if (post.is_tutor) { meta.appendChild(el('span', 'spoc-badge', t.tutor)); }
        if (post.is_pinned) { meta.appendChild(el('span', 'spoc-badge', t.pinned)); }
        if (post.is_hidden) { meta.appendChild(el('span', 'spoc-badge', t.hidden)); }
        var when = el('time', null, ' ' + time.format(post.created));
        when.setAttribute('datetime', post.created);
        meta.appendChild(when);
        if (post.edited) { meta.appendChild(el('span', null, ' (' + t.edited + ')')); }
        item.appendChild(meta);
        if (post.is_hidden && post.is_mine && !args.is_staff) {
            item.appendChild(el('p', 'spoc-cohort-activity-hidden-notice', t.hiddenNotice));
        }
        var text = el('p', 'spoc-cohort-activity-text', post.body);
        item.appendChild(text);
        if (readOnly) { return item; }
        var actions = el('div', 'spoc-cohort-activity-actions spoc-inline-buttons');
        if (!post.is_mine && !args.read_only) {
            var helpful = button((post.helpful_by_me ? t.markedHelpful : t.helpful) + ' (' + post.helpful_count + ')',
                'spoc-secondary spoc-cohort-activity-helpful', function () {
                    client.call('mark_helpful', {post_id: post.id, helpful: !post.helpful_by_me}, {busy: helpful})
                        .then(function (r) {
                            post.helpful_by_me = r.helpful_by_me;
                            post.helpful_count = r.helpful_count;
                            helpful.textContent = (r.helpful_by_me ? t.markedHelpful : t.helpful) +
                                ' (' + r.helpful_count + ')';
                            helpful.setAttribute('aria-pressed', String(r.helpful_by_me));
                        }, fail(helpful));
                });
            helpful.setAttribute('aria-pressed', String(post.helpful_by_me));
            actions.appendChild(helpful);
        } else if (post.helpful_count) {
            actions.appendChild(el('span', 'spoc-muted', t.helpful + ' (' + post.helpful_count + ') '));
        }
        if (post.can_edit) {
            var edit = button(t.edit, 'spoc-secondary spoc-cohort-activity-edit', function () {
                startEdit(item, text, post, edit);
            });
            actions.appendChild(edit);
            var remove = button(t.delete, 'spoc-secondary spoc-cohort-activity-delete', function () {
                SpocDom.confirm(remove, t.confirmDelete, {confirm: t.delete, keep: t.cancel}).then(function (yes) {
                    if (!yes) { return; }
                    client.call('delete_post', {post_id: post.id}, {busy: remove}).then(function (r) {
                        var list = item.parentNode;
                        item.remove();
                        showProgress(r.progress);
                        var box = client.say(t.deleted, 'success', list.closest('.spoc-feedback') ? list : null);
                        SpocDom.focus(box);
                    }, fail(remove));
                });
            });
            actions.appendChild(remove);
        }
        if (args.is_staff) {
            var hide = button(post.is_hidden ? t.unhide : t.hide, 'spoc-secondary spoc-cohort-activity-moderate-hide',
                function () {
                    if (post.is_hidden) { moderate(item, post, 'unhide', isReply, hide); return; }
                    SpocDom.confirm(hide, t.confirmHide, {confirm: t.hide, keep: t.cancel}).then(function (yes) {
                        if (yes) { moderate(item, post, 'hide', isReply, hide); }
                    });
                });
            actions.appendChild(hide);
            if (post.is_tutor && !isReply) {
                var pin = button(post.is_pinned ? t.unpin : t.pin, 'spoc-secondary spoc-cohort-activity-moderate-pin',
                    function () { moderate(item, post, post.is_pinned ? 'unpin' : 'pin', isReply, pin); });
                actions.appendChild(pin);
            }
        }
        item.appendChild(actions);
        if (!isReply) {
            var replies = el('ul', 'spoc-cohort-activity-replies');
            (post.replies || []).forEach(function (reply) { replies.appendChild(renderPost(reply, true)); });
            item.appendChild(replies);
            if (!args.read_only) {
                var opener = replyButton(post, replies, item);
                actions.appendChild(opener.button);
                if (post.id in replyDrafts) { opener.show(); }
            }
        }
        return item;
    }

    /* The reply box stays closed behind a "Reply" button until asked for. */
    function replyButton(post, replies, item) {
        function show() {
            open.setAttribute('aria-expanded', 'true');
            var form = replyForm(post, replies, function () {
                form.remove();
                open.setAttribute('aria-expanded', 'false');
            });
            replies.insertAdjacentElement('afterend', form);
            return form;
        }
        var open = button(t.reply, 'spoc-secondary spoc-cohort-activity-reply-open', function () {
            var existing = item.querySelector(':scope > .spoc-cohort-activity-reply-form');
            if (existing) { existing.remove(); open.setAttribute('aria-expanded', 'false'); return; }
            show().querySelector('textarea').focus();
        });
        open.setAttribute('aria-expanded', 'false');
        open.setAttribute('aria-label', fill(t.replyTo, {author: post.author}));
        return {button: open, show: show};
    }

    function replyForm(post, replies, close) {
        var form = el('form', 'spoc-cohort-activity-reply-form');
        var id = 'spoc-cohort-activity-reply-' + post.id + '-' + Math.random().toString(36).slice(2);
        var label = el('label', null, t.replyLabel);
        label.htmlFor = id;
        var input = el('textarea', 'spoc-cohort-activity-reply-body');
        input.id = id;
        input.rows = 2;
        input.maxLength = args.max_length;
        input.required = true;
        input.value = replyDrafts[post.id] || '';
        input.addEventListener('input', function () { replyDrafts[post.id] = input.value; });
        form.appendChild(label);
        form.appendChild(input);
        var send = el('button', 'spoc-cohort-activity-reply-send', t.reply);
        send.type = 'submit';
        form.appendChild(send);
        form.appendChild(button(t.cancel, 'spoc-secondary spoc-cohort-activity-reply-cancel', function () {
            var opener = form.parentNode.querySelector('.spoc-cohort-activity-reply-open');
            delete replyDrafts[post.id];
            close();
            SpocDom.focus(opener);
        }));
        input.addEventListener('keydown', function (event) {
            if (event.key === 'Escape') { event.preventDefault(); form.querySelector('.spoc-cohort-activity-reply-cancel').click(); }
        });
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            var data = scope();
            data.body = input.value;
            data.parent_id = post.id;
            client.call('create_post', data, {busy: send}).then(function (r) {
                var fresh = renderPost(r.post, true);
                replies.appendChild(fresh);
                delete replyDrafts[post.id];
                close();
                showProgress(r.progress);
                client.say(t.replied, 'success', fresh);
                SpocDom.focus(fresh);
            }, function (error) {
                input.setAttribute('aria-invalid', 'true');
                client.say(error.error, 'error', send);
            });
        });
        return form;
    }

    function startEdit(item, text, post, opener) {
        var box = el('div', 'spoc-cohort-activity-editing');
        var id = 'spoc-cohort-activity-edit-' + post.id;
        var label = el('label', null, t.editLabel);
        label.htmlFor = id;
        var editor = el('textarea', 'spoc-cohort-activity-edit-body');
        editor.id = id;
        editor.rows = 4;
        editor.value = post.body;
        editor.maxLength = args.max_length;
        var save = button(t.save, 'spoc-cohort-activity-save', function () {
            client.call('edit_post', {post_id: post.id, body: editor.value}, {busy: save}).then(function (r) {
                var fresh = renderPost(Object.assign(r.post, {replies: post.replies}), !!post.parent_id);
                item.replaceWith(fresh);
                client.say(t.saved, 'success', fresh);
                SpocDom.focus(fresh.querySelector('.spoc-cohort-activity-edit') || fresh);
            }, function (error) {
                editor.setAttribute('aria-invalid', 'true');
                client.say(error.error, 'error', save);
            });
        });
        var cancel = button(t.cancel, 'spoc-secondary spoc-cohort-activity-cancel', function () {
            box.replaceWith(text);
            SpocDom.focus(opener);
        });
        box.appendChild(label);
        box.appendChild(editor);
        box.appendChild(save);
        box.appendChild(cancel);
        text.replaceWith(box);
        editor.focus();
    }

    var MODERATED = {hide: 'hiddenDone', unhide: 'unhiddenDone', pin: 'pinnedDone', unpin: 'unpinnedDone'};
    function moderate(item, post, action, isReply, control) {
        client.call('moderate', {post_id: post.id, action: action}, {busy: control}).then(function (r) {
            if (action === 'pin' || action === 'unpin') {
                return load(true).then(function () {
                    var moved = postItem(post.id);
                    client.say(t[MODERATED[action]], 'success', moved);
                    SpocDom.focus(moved && moved.querySelector('.spoc-cohort-activity-moderate-pin'));
                });
            }
            var fresh = renderPost(Object.assign(r.post, {replies: post.replies}), isReply);
            item.replaceWith(fresh);
            client.say(t[MODERATED[action]], 'success', fresh);
            SpocDom.focus(fresh.querySelector('.spoc-cohort-activity-moderate-hide'));
        }, fail(control));
    }

    function fillGroups(groups) {
        if (!groupSelect) { return; }
        var chosen = groupSelect.value;
        while (groupSelect.options.length > 1) { groupSelect.remove(1); }
        groups.forEach(function (group) {
            var option = el('option', null, fill(t.group, {number: group + 1}));
            option.value = String(group);
            groupSelect.appendChild(option);
        });
        groupSelect.value = groups.indexOf(Number(chosen)) >= 0 ? chosen : '';
    }

    function showNotPosted(notPosted) {
        var box = root.querySelector('.spoc-cohort-activity-not-posted');
        if (!box) { return; }
        box.textContent = '';
        if (!notPosted) { return; }
        box.appendChild(el('p', null, notPosted.title));
        if (notPosted.names.length) {
            var list = el('ul', 'spoc-cohort-activity-not-posted-names');
            notPosted.names.forEach(function (name) { list.appendChild(el('li', null, name)); });
            box.appendChild(list);
        }
    }

    function showHiddenMine(posts) {
        var section = root.querySelector('.spoc-cohort-activity-hidden-mine');
        if (!section || !posts) { return; }
        var list = section.querySelector('ul');
        list.textContent = '';
        posts.forEach(function (post) { list.appendChild(renderPost(post, !!post.parent_id, true)); });
        section.hidden = !posts.length;
    }

    function load(reset) {
        var data = scope();
        if (!reset && cursor) { data.cursor = cursor; }
        if (reset) {
            pinnedList.textContent = '';
            SpocDom.loading(postsList, client.texts);
        }
        return client.call('wall', data, {busy: reset ? null : moreButton}).then(latestOnly(function (r) {
            if (reset) {
                postsList.textContent = '';
                pinnedList.textContent = '';
            }
            root.querySelector('.spoc-cohort-activity-wall-name').textContent = fill(t.wall, {name: r.wall.name});
            showProgress(r.progress);
            if (args.is_staff) { fillGroups(r.groups); showNotPosted(r.not_posted); }
            if (reset) { showHiddenMine(r.hidden_mine); }
            if (r.locked) {
                postsList.appendChild(el('li', 'spoc-muted spoc-cohort-activity-locked', t.locked));
            } else if (reset && !r.posts.length && !r.pinned.length) {
                postsList.appendChild(el('li', 'spoc-muted spoc-cohort-activity-empty', t.empty));
            }
            r.pinned.forEach(function (post) { pinnedList.appendChild(renderPost(post, false)); });
            r.posts.forEach(function (post) { postsList.appendChild(renderPost(post, false)); });
            cursor = r.next_cursor;
            moreButton.hidden = !cursor;
        }), function (error) {
            if (reset) { postsList.textContent = ''; }
            client.say(error.error, 'error', reset ? postsList : moreButton);
        });
    }

    if (form) {
        var body = form.querySelector('.spoc-cohort-activity-body');
        var count = form.querySelector('.spoc-cohort-activity-count');
        body.addEventListener('input', function () { count.textContent = body.value.length + ' / ' + args.max_length; });
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            var data = scope();
            data.body = body.value;
            var submit = form.querySelector('.spoc-cohort-activity-submit');
            body.removeAttribute('aria-invalid');
            client.call('create_post', data, {busy: submit}).then(function (r) {
                body.value = '';
                count.textContent = '';
                return load(true).then(function () {
                    var fresh = postItem(r.post.id);
                    client.say(t.posted, 'success', fresh || submit);
                    SpocDom.focus(fresh || body);
                });
            }, function (error) {
                body.setAttribute('aria-invalid', 'true');
                client.say(error.error, 'error', submit);
                SpocDom.focus(body);
            });
        });
    }
    moreButton.addEventListener('click', function () { load(false); });
    if (cohortSelect) { cohortSelect.addEventListener('change', function () { if (groupSelect) { groupSelect.value = ''; } load(true); }); }
    if (groupSelect) { groupSelect.addEventListener('change', function () { load(true); }); }

    var statsButton = root.querySelector('.spoc-cohort-activity-show-stats');
    if (statsButton) {
        statsButton.addEventListener('click', function () {
            var box = root.querySelector('.spoc-cohort-activity-stats');
            SpocDom.loading(box, client.texts);
            client.call('stats', {}, {busy: statsButton}).then(function (r) {
                box.textContent = '';
                var table = el('table', 'spoc-cohort-activity-stats-table');
                SpocDom.headerRow(table.appendChild(el('thead')), [t.statsCohort, t.statsPosts, t.statsReplies,
                                                                    t.statsPosters, t.statsLearners, t.statsNotPosted]);
                var body = table.appendChild(el('tbody'));
                r.cohorts.forEach(function (row) {
                    var line = el('tr');
                    [row.name, row.posts, row.replies, row.posters, row.learners, row.not_posted]
                        .forEach(function (value) { line.appendChild(el('td', null, String(value))); });
                    body.appendChild(line);
                });
                var scroll = el('div', 'spoc-table-scroll');
                scroll.appendChild(table);
                box.appendChild(scroll);
            }, function (error) { box.textContent = ''; client.say(error.error, 'error', statsButton); });
        });
        root.querySelector('.spoc-cohort-activity-export').href = runtime.handlerUrl(element, 'export_csv');
    }
    load(true);
}
