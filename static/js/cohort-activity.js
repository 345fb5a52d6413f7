/* Cohort activity block: the wall of the learner's cohort (or small group), tutor tools for staff.
   Every piece of user text goes into the page through textContent, never as HTML. */
function SpocCohortActivity(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    if (!args.enabled) { return; }
    var client = new SpocClient(runtime, element);
    var t = args.strings;
    var root = element.querySelector('.spoc-cohort-activity') || element;
    var postsList = root.querySelector('.spoc-cohort-activity-posts');
    var pinnedList = root.querySelector('.spoc-cohort-activity-pinned');
    var moreButton = root.querySelector('.spoc-cohort-activity-more');
    var form = root.querySelector('.spoc-cohort-activity-form');
    var cohortSelect = root.querySelector('.spoc-cohort-activity-cohort');
    var groupSelect = root.querySelector('.spoc-cohort-activity-group');
    var cursor = null;
    var latestOnly = client.latestOnly();  // only the latest wall request renders (the cohort or group may change)

    var fill = SpocDom.fill, el = SpocDom.el, button = SpocDom.button;

    function scope() {
        if (!args.is_staff) { return {}; }
        var data = {cohort_id: cohortSelect ? cohortSelect.value : ''};
        if (groupSelect && groupSelect.value !== '') { data.group = groupSelect.value; }
        return data;
    }

    function fail(error) { client.say((error && error.error) || t.error, 'error'); }

    function showProgress(progress) {
        var box = root.querySelector('.spoc-cohort-activity-progress');
        if (!box || args.is_staff) { return; }
        box.textContent = fill(t.progress, progress) + (progress.complete ? ' ' + t.complete : '');
        box.classList.toggle('spoc-cohort-activity-complete', progress.complete);
    }

    function renderPost(post, isReply) {
        var item = el('li', 'spoc-cohort-activity-post');
        item.setAttribute('data-post-id', post.id);
        if (post.is_pinned) { item.classList.add('spoc-cohort-activity-is-pinned'); }
        if (post.is_hidden) { item.classList.add('spoc-cohort-activity-is-hidden'); }
        var meta = el('div', 'spoc-cohort-activity-meta');
        meta.appendChild(el('strong', 'spoc-cohort-activity-author',
                            post.author + (post.is_mine ? ' (' + t.you + ')' : '')));
        if (post.is_tutor) { meta.appendChild(el('span', 'spoc-badge', t.tutor)); }
        if (post.is_pinned) { meta.appendChild(el('span', 'spoc-badge', t.pinned)); }
        if (post.is_hidden) { meta.appendChild(el('span', 'spoc-badge', t.hidden)); }
        var when = el('time', null, ' ' + new Date(post.created).toLocaleString());
        when.setAttribute('datetime', post.created);
        meta.appendChild(when);
        if (post.edited) { meta.appendChild(el('span', null, ' (' + t.edited + ')')); }
        item.appendChild(meta);
        var text = el('p', 'spoc-cohort-activity-text', post.body);
        item.appendChild(text);
        var actions = el('div', 'spoc-cohort-activity-actions');
        if (!post.is_mine && !args.read_only) {
            var helpful = button((post.helpful_by_me ? t.markedHelpful : t.helpful) + ' (' + post.helpful_count + ')',
                'spoc-secondary spoc-cohort-activity-helpful', function () {
                    client.call('mark_helpful', {post_id: post.id, helpful: !post.helpful_by_me}).then(function (r) {
                        post.helpful_by_me = r.helpful_by_me;
                        post.helpful_count = r.helpful_count;
                        helpful.textContent = (r.helpful_by_me ? t.markedHelpful : t.helpful) + ' (' + r.helpful_count + ')';
                        helpful.setAttribute('aria-pressed', String(r.helpful_by_me));
                    }, fail);
                });
            helpful.setAttribute('aria-pressed', String(post.helpful_by_me));
            actions.appendChild(helpful);
        } else if (post.helpful_count) {
            actions.appendChild(el('span', 'spoc-muted', t.helpful + ' (' + post.helpful_count + ') '));
        }
        if (post.can_edit) {
            actions.appendChild(button(t.edit, 'spoc-secondary spoc-cohort-activity-edit', function () {
                startEdit(item, text, post);
            }));
            actions.appendChild(button(t.delete, 'spoc-secondary spoc-cohort-activity-delete', function () {
                if (!window.confirm(t.confirmDelete)) { return; }
                client.call('delete_post', {post_id: post.id}).then(function (r) {
                    item.remove();
                    showProgress(r.progress);
                }, fail);
            }));
        }
        if (args.is_staff) {
            actions.appendChild(button(post.is_hidden ? t.unhide : t.hide,
                                       'spoc-secondary spoc-cohort-activity-moderate-hide', function () {
                moderate(item, post, post.is_hidden ? 'unhide' : 'hide', isReply);
            }));
            if (post.is_tutor && !isReply) {
                actions.appendChild(button(post.is_pinned ? t.unpin : t.pin,
                                           'spoc-secondary spoc-cohort-activity-moderate-pin', function () {
                    moderate(item, post, post.is_pinned ? 'unpin' : 'pin', isReply);
                }));
            }
        }
        item.appendChild(actions);
        if (!isReply) {
            var replies = el('ul', 'spoc-cohort-activity-replies');
            (post.replies || []).forEach(function (reply) { replies.appendChild(renderPost(reply, true)); });
            item.appendChild(replies);
            if (!args.read_only) { item.appendChild(replyForm(post, replies)); }
        }
        return item;
    }

    function replyForm(post, replies) {
        var replyForm = el('form', 'spoc-cohort-activity-reply-form');
        var label = el('label', 'spoc-cohort-activity-visually-hidden', t.replyPlaceholder);
        var input = el('textarea', 'spoc-cohort-activity-reply-body');
        input.rows = 2;
        input.maxLength = args.max_length;
        input.placeholder = t.replyPlaceholder;
        label.appendChild(input);
        replyForm.appendChild(label);
        var send = el('button', 'spoc-cohort-activity-reply-send', t.reply);
        send.type = 'submit';
        replyForm.appendChild(send);
        replyForm.addEventListener('submit', function (event) {
            event.preventDefault();
            var data = scope();
            data.body = input.value;
            data.parent_id = post.id;
            send.disabled = true;
            client.call('create_post', data).then(function (r) {
                replies.appendChild(renderPost(r.post, true));
                input.value = '';
                showProgress(r.progress);
                client.say(t.posted, 'success');
            }, fail).then(function () { send.disabled = false; });
        });
        return replyForm;
    }

    function startEdit(item, text, post) {
        var editor = el('textarea', 'spoc-cohort-activity-edit-body');
        editor.value = post.body;
        editor.maxLength = args.max_length;
        var save = button(t.save, 'spoc-secondary spoc-cohort-activity-save', function () {
            client.call('edit_post', {post_id: post.id, body: editor.value}).then(function (r) {
                var fresh = renderPost(Object.assign(r.post, {replies: post.replies}), !!post.parent_id);
                item.replaceWith(fresh);
            }, fail);
        });
        var cancel = button(t.cancel, 'spoc-secondary spoc-cohort-activity-cancel', function () {
            box.replaceWith(text);
        });
        var box = el('div', 'spoc-cohort-activity-editing');
        box.appendChild(editor);
        box.appendChild(save);
        box.appendChild(cancel);
        text.replaceWith(box);
    }

    function moderate(item, post, action, isReply) {
        client.call('moderate', {post_id: post.id, action: action}).then(function (r) {
            if (action === 'pin' || action === 'unpin') { load(true); return; }
            item.replaceWith(renderPost(Object.assign(r.post, {replies: post.replies}), isReply));
        }, fail);
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

    function load(reset) {
        var data = scope();
        if (!reset && cursor) { data.cursor = cursor; }
        return client.call('wall', data).then(latestOnly(function (r) {
            if (reset) {
                postsList.textContent = '';
                pinnedList.textContent = '';
            }
            root.querySelector('.spoc-cohort-activity-wall-name').textContent = fill(t.wall, {name: r.wall.name});
            showProgress(r.progress);
            if (args.is_staff) { fillGroups(r.groups); }
            if (r.locked) {
                postsList.appendChild(el('li', 'spoc-muted spoc-cohort-activity-locked', t.locked));
            } else if (reset && !r.posts.length && !r.pinned.length) {
                postsList.appendChild(el('li', 'spoc-muted spoc-cohort-activity-empty', t.empty));
            }
            r.pinned.forEach(function (post) { pinnedList.appendChild(renderPost(post, false)); });
            r.posts.forEach(function (post) { postsList.appendChild(renderPost(post, false)); });
            cursor = r.next_cursor;
            moreButton.hidden = !cursor;
        }), fail);
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
            submit.disabled = true;
            client.call('create_post', data).then(function () {
                body.value = '';
                count.textContent = '';
                client.say(t.posted, 'success');
                return load(true);
            }, fail).then(function () { submit.disabled = false; });
        });
    }
    moreButton.addEventListener('click', function () { load(false); });
    if (cohortSelect) { cohortSelect.addEventListener('change', function () { if (groupSelect) { groupSelect.value = ''; } load(true); }); }
    if (groupSelect) { groupSelect.addEventListener('change', function () { load(true); }); }

    var statsButton = root.querySelector('.spoc-cohort-activity-show-stats');
    if (statsButton) {
        statsButton.addEventListener('click', function () {
            client.call('stats', {}).then(function (r) {
                var box = root.querySelector('.spoc-cohort-activity-stats');
                box.textContent = '';
                var table = el('table', 'spoc-cohort-activity-stats-table');
                var head = el('tr');
                [t.statsCohort, t.statsPosts, t.statsReplies, t.statsPosters, t.statsLearners, t.statsNotPosted]
                    .forEach(function (label) { head.appendChild(el('th', null, label)); });
                table.appendChild(head);
                r.cohorts.forEach(function (row) {
                    var line = el('tr');
                    [row.name, row.posts, row.replies, row.posters, row.learners, row.not_posted]
                        .forEach(function (value) { line.appendChild(el('td', null, String(value))); });
                    table.appendChild(line);
                });
                box.appendChild(table);
            }, fail);
        });
        root.querySelector('.spoc-cohort-activity-export').href = runtime.handlerUrl(element, 'export_csv');
    }
    load(true);
}
