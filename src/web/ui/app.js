// assay's browser interface, the entry module: the router over the hash
// routes. Learners: #/ (start or resume), #/attempt/ID; anyone signed in:
// #/invite/TOKEN (an assessor's invite: sign in or up first, the token stays
// in the URL); assessors and admins: #/groups, #/groups/ID; admins: #/admin.
// The pages are in learner.js and team.js, the shared parts in core.js; the
// modules import each other by their hashed names (cmake/embed_static.cmake),
// so every file is served immutable. Talks only to the JSON API under /api/v1
// (docs/openapi.yaml).
import { t, me, hooks, lang, renderNav, signedIn, api, setKeys, go, fail } from '{{core.js}}';
import { viewSignin, viewHome, viewAttempt } from '{{learner.js}}';
import { viewGroups, viewGroup, viewInvite, viewAdmin } from '{{team.js}}';

async function route() {
  document.documentElement.lang = lang;
  setKeys(null);
  renderNav();
  const hash = location.hash || '#/';
  if (!me.user) {
    try {
      signedIn(await api('GET', '/session'));
      renderNav();
    } catch {
      return viewSignin(/^#\/invite\//.test(hash) ? t('invite_signin') : null);
    }
  }
  if (hash === '#/signin') return go('#/');
  let m;
  try {
    if ((m = /^#\/attempt\/([0-9]{1,18})$/.exec(hash))) await viewAttempt(m[1]);
    else if ((m = /^#\/invite\/([A-Za-z0-9_-]{1,128})$/.exec(hash))) await viewInvite(m[1]);
    else if (hash === '#/groups') await viewGroups();
    else if ((m = /^#\/groups\/([0-9]{1,18})$/.exec(hash))) await viewGroup(m[1]);
    else if (hash === '#/admin') await viewAdmin();
    else await viewHome();
  } catch (e) {
    fail(e);
  }
}

hooks.route = route;
window.addEventListener('hashchange', () => route());
route();
