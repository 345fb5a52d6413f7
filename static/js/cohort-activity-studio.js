/* Studio editor of the cohort activity block: sends every setting to studio_submit, shows the server's verdict. */
function SpocCohortActivityStudio(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var form = element.querySelector('.spoc-cohort-activity-editor');
    SpocStudio.editor(runtime, new SpocClient(runtime, element), form, {
        saved: args.saved, errorTitle: args.error_title
    });
}
