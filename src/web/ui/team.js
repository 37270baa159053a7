// The assessor's and the admin's pages of assay's browser interface (an ES
// module), and the learner's invite page: #/groups (the caller's groups, a
// new group), #/groups/ID (an invite link with its copy button, the members,
// the heat map of level per topic per member — colour and digit — with each
// member's report a click away, item statistics, the answers waiting for
// review with a score to set), #/invite/TOKEN (what the invite starts, then
// the attempt) and #/admin (users and their roles, a document to upload).
// The API is the one in docs/openapi.yaml (groups, invites, results, items,
// reviews, marks; admin/users, admin/kbs).
import { WORDS, t, h, main, show, fmt, api, ApiError, errorBox, sayError, me, go, lang, when } from '{{core.js}}';

Object.assign(WORDS.ko, {
  groups_title: '그룹',
  groups_lead: '그룹을 만들어 초대 링크를 보내고, 구성원의 결과를 봅니다.',
  new_group: '새 그룹',
  group_name: '그룹 이름',
  create_group: '그룹 만들기',
  no_groups: '아직 그룹이 없습니다.',
  owner: '담당자',
  members_n: (n) => `구성원 ${n}명`,
  created: '만든 날',
  forbidden: '이 페이지를 볼 권한이 없습니다.',
  group_not_found: '그런 그룹은 없습니다.',
  back_groups: '그룹 목록',
  invite_title: '초대 링크 만들기',
  invite_lead: '링크를 연 사람은 그룹에 들어오고 이 평가를 바로 시작합니다.',
  invite_kind: '종류',
  invite_topics: '주제 (하나도 고르지 않으면 전부)',
  expires: '유효 기간',
  days_n: (n) => `${n}일`,
  create_invite: '링크 만들기',
  invite_url: '초대 링크',
  copy: '링크 복사',
  copied: '복사했습니다.',
  copy_failed: '복사하지 못했습니다. 링크를 직접 선택해 복사하세요.',
  invites: '초대 링크',
  no_invites: '만든 초대 링크가 없습니다.',
  uses_n: (n) => `사용 ${n}회`,
  until: (d) => `${d}까지`,
  revoke: '링크 취소',
  revoked: '취소했습니다.',
  members: '구성원',
  no_members: '아직 구성원이 없습니다. 초대 링크를 보내세요.',
  joined: '들어온 날',
  heatmap: '주제별 레벨',
  heatmap_lead: '각 구성원의 주제별 최근 레벨입니다. 답이 없는 주제는 –, 답했지만 판정하기에는 아직 적은 주제는 …로 둡니다. 이름을 누르면 그 사람의 보고서가 열립니다.',
  member: '구성원',
  attempts: '시도',
  last_at: '마지막',
  not_assessed: '응답 없음',
  pending: '판정 전 (답이 적음)',
  pending_n: (n) => `판정 전: ${n}문항에 답함`,
  legend: '범례',
  topic_key: '주제 번호',
  no_results: '아직 결과가 없습니다.',
  report_of: (u) => `${u}의 보고서`,
  items_title: '문항 통계',
  items_lead: '구성원의 답에서 낸 문항별 통계입니다. 정답률이 너무 높거나 낮은 문항, 변별도가 낮은 문항에 표시가 붙고 맨 위에 옵니다.',
  items_scope: { group: '이 그룹 구성원의 답', bank: '모든 학습자의 답 (그룹으로 좁힐 수 없음)' },
  item: '문항',
  flag_names: { negative_discrimination: '변별도 음수', too_easy: '너무 쉬움', too_hard: '너무 어려움',
    dubious_efficiency: '효율 의심', few_answers: '답이 적음', non_functioning_distractor: '안 고르는 오답' },
  type: '종류',
  item_kinds: { level_qa: '레벨 문답', interview_qa: '면접 문답', scenario: '시나리오',
    derived_definition: '파생: 정의', derived_topic: '파생: 주제', derived_order: '파생: 순서' },
  n_answers: '답 수',
  facility: '정답률',
  discrimination: '변별도',
  flags: '표시',
  no_items: '아직 답이 없습니다.',
  reviews_title: '채점을 기다리는 답',
  reviews_lead: '자동 채점의 확신이 낮은 서술형 답입니다. 점수를 0에서 1 사이로 정해 저장하세요.',
  no_reviews: '채점을 기다리는 답이 없습니다.',
  auto_score: (s, c) => `자동 점수 ${s} (확신 ${c})`,
  marked: (s, by) => `채점됨: ${s}${by ? ` (${by})` : ''}`,
  mark_score: '점수 (0–1)',
  mark_note: '메모 (선택)',
  save_mark: '점수 저장',
  mark_saved: (s) => `저장했습니다: ${s}`,
  score_range: '점수는 0에서 1 사이의 수입니다.',
  table_of: (x) => `${x} 표`,
  heat_caption: '주제별 레벨 표: 행은 구성원, 열은 주제 번호, 칸은 레벨 1–4',
  invite_signin: '초대를 받으려면 먼저 로그인하거나 계정을 만드세요.',
  invite_page: '초대',
  invite_from: (g, o) => `${o}님이 "${g}" 그룹에 초대했습니다.`,
  invite_what: '할 일',
  invite_gone: '이 초대 링크는 없거나 기간이 지났거나 취소되었습니다.',
  start: '시작',
  none_word: '없음',
  all_word: '전부',
  admin_title: '관리',
  users: '사용자',
  role: '역할',
  role_of: (u) => `${u}의 역할`,
  roles: { learner: '학습자', assessor: '평가자', admin: '관리자' },
  role_saved: (u, r) => `${u}의 역할을 ${r}(으)로 바꿨습니다.`,
  upload_title: '문서 올리기',
  upload_lead: '레벨 구조의 지식 문서(.md)를 올리면 문항 은행에 들이고 서버가 바로 새 문항을 씁니다.',
  md_file: '문서 파일 (.md)',
  upload: '올리기',
  pick_file: '파일을 고르세요.',
  imported: (kb) => `"${kb}"을(를) 들였습니다.`,
  added: '추가',
  changed: '변경',
  retired: '폐기',
  unchanged: '그대로',
  you: '나',
  own_role: '자신의 역할은 낮출 수 없습니다.',
  import_failed: '문서를 들이지 못했습니다:',
  warnings: '경고',
  line_n: (n) => `${n}행`,
});
Object.assign(WORDS.en, {
  groups_title: 'Groups',
  groups_lead: 'Make a group, send its invite link, and read your members’ results.',
  new_group: 'New group',
  group_name: 'Group name',
  create_group: 'Create group',
  no_groups: 'No group yet.',
  owner: 'Owner',
  members_n: (n) => `${n} member${n === 1 ? '' : 's'}`,
  created: 'Created',
  forbidden: 'You may not see this page.',
  group_not_found: 'There is no such group.',
  back_groups: 'All groups',
  invite_title: 'Make an invite link',
  invite_lead: 'Whoever opens the link joins the group and starts this at once.',
  invite_kind: 'Kind',
  invite_topics: 'Topics (all when none is ticked)',
  expires: 'Valid for',
  days_n: (n) => `${n} day${n === 1 ? '' : 's'}`,
  create_invite: 'Make the link',
  invite_url: 'Invite link',
  copy: 'Copy link',
  copied: 'Copied.',
  copy_failed: 'Could not copy; select the link and copy it yourself.',
  invites: 'Invite links',
  no_invites: 'No invite link yet.',
  uses_n: (n) => `used ${n} time${n === 1 ? '' : 's'}`,
  until: (d) => `until ${d}`,
  revoke: 'Revoke link',
  revoked: 'Revoked.',
  members: 'Members',
  no_members: 'No member yet. Send the invite link.',
  joined: 'Joined',
  heatmap: 'Level by topic',
  heatmap_lead: 'Each member’s latest level per topic; – where they have not answered, … where too few answers decide none yet. A member’s name opens their report.',
  member: 'Member',
  attempts: 'Attempts',
  last_at: 'Last',
  not_assessed: 'not answered',
  pending: 'too few answers to decide',
  pending_n: (n) => `not decided yet: ${n} answered`,
  legend: 'Legend',
  topic_key: 'Topic numbers',
  no_results: 'No results yet.',
  report_of: (u) => `${u}’s report`,
  items_title: 'Item statistics',
  items_lead: 'Per item, from the members’ answers. Items that are too easy, too hard or do not discriminate are flagged and come first.',
  items_scope: { group: 'this group’s members’ answers', bank: 'every learner’s answers (the group cannot be singled out)' },
  item: 'Item',
  flag_names: { negative_discrimination: 'negative discrimination', too_easy: 'too easy', too_hard: 'too hard',
    dubious_efficiency: 'dubious efficiency', few_answers: 'few answers', non_functioning_distractor: 'a distractor nobody picks' },
  type: 'Kind',
  item_kinds: { level_qa: 'level Q&A', interview_qa: 'interview Q&A', scenario: 'scenario',
    derived_definition: 'derived: definition', derived_topic: 'derived: topic', derived_order: 'derived: order' },
  n_answers: 'Answers',
  facility: 'Facility',
  discrimination: 'Discrimination',
  flags: 'Flags',
  no_items: 'No answers yet.',
  reviews_title: 'Answers waiting for review',
  reviews_lead: 'Free-text answers the automatic marking was unsure of. Set a score from 0 to 1 and save it.',
  no_reviews: 'No answer is waiting for review.',
  auto_score: (s, c) => `automatic score ${s} (confidence ${c})`,
  marked: (s, by) => `marked: ${s}${by ? ` (${by})` : ''}`,
  mark_score: 'Score (0–1)',
  mark_note: 'Note (optional)',
  save_mark: 'Save score',
  mark_saved: (s) => `Saved: ${s}`,
  score_range: 'The score is a number from 0 to 1.',
  table_of: (x) => `Table: ${x}`,
  heat_caption: 'Levels: a row per member, a column per topic number, a cell is level 1–4',
  invite_signin: 'Sign in or make an account first to accept the invite.',
  invite_page: 'Invite',
  invite_from: (g, o) => `${o} invites you to the group “${g}”.`,
  invite_what: 'What it starts',
  invite_gone: 'This invite link does not exist, has expired or was revoked.',
  start: 'Start',
  none_word: 'none',
  all_word: 'all',
  admin_title: 'Administration',
  users: 'Users',
  role: 'Role',
  role_of: (u) => `Role of ${u}`,
  roles: { learner: 'learner', assessor: 'assessor', admin: 'admin' },
  role_saved: (u, r) => `${u} is now ${r}.`,
  upload_title: 'Upload a document',
  upload_lead: 'A level-structured knowledge document (.md): imported into the item bank, and the server uses the new items at once.',
  md_file: 'Document (.md)',
  upload: 'Upload',
  pick_file: 'Choose a file.',
  imported: (kb) => `Imported “${kb}”.`,
  added: 'added',
  changed: 'changed',
  retired: 'retired',
  unchanged: 'unchanged',
  you: 'you',
  own_role: 'You cannot lower your own role.',
  import_failed: 'The document was not imported:',
  warnings: 'Warnings',
  line_n: (n) => `line ${n}`,
});

// ---- small parts --------------------------------------------------------------------------
const table = (id, caption, heads, rows) => h('div', { class: 'table-wrap', tabindex: 0, role: 'region',
  'aria-labelledby': `${id}-cap` },
h('table', { id },
  h('caption', { id: `${id}-cap`, class: 'sr-only' }, t('table_of', caption)),
  h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
  h('tbody', {}, rows)));
const statusBox = (id) => h('p', { class: 'status', role: 'status', id });
// A status line: good news in green, a failure in red.
function say(box, text, bad = false) {
  box.classList.toggle('bad', bad);
  box.textContent = text;
}
function sayBad(box, e) {
  sayError(box, e);
  box.classList.add('bad');
}
const num = (x, digits = 2) => (x === null || x === undefined ? '–' : Number(x).toFixed(digits));

// A 403 or a 404 as the page itself.
function denied(e, notFound) {
  if (e instanceof ApiError && (e.status === 403 || e.status === 404)) {
    const title = e.status === 403 ? t('forbidden') : notFound;
    show(title, h('h1', {}, title), h('p', {}, h('a', { href: '#/' }, t('home'))));
    return true;
  }
  return false;
}

// What an invite starts, in words: "적응형 평가 · 주제 1, 3 · 최대 문제 수 12".
// `titles`: topic number → title, when known.
function specText(kind, spec, titles) {
  const s = spec || {};
  const parts = [t('kind')[kind] || kind];
  const name = (x) => (titles && titles.has(String(x)) ? `${x}. ${titles.get(String(x))}` : String(x));
  parts.push(`${t('topics')}: ${s.topics && s.topics.length ? s.topics.map(name).join(', ') : t('all_word')}`);
  if (s.levels && s.levels.length) parts.push(`${t('levels')}: ${s.levels.join(', ')}`);
  if (kind === 'quiz' && s.count) parts.push(`${t('count')}: ${s.count}`);
  if (kind === 'assessment' && s.max_items) parts.push(`${t('max_items')}: ${s.max_items}`);
  return parts.join(' · ');
}

// ---- #/groups ----------------------------------------------------------------------------
export async function viewGroups() {
  show(t('groups_title'), h('h1', {}, t('groups_title')), h('p', {}, t('loading')));
  let list;
  try {
    list = await api('GET', '/groups');
  } catch (e) {
    if (denied(e, t('forbidden'))) return;
    throw e;
  }
  const err = errorBox();
  const name = h('input', { type: 'text', id: 'group-name', name: 'name', required: true, maxlength: 100,
    autocomplete: 'off' });
  const make = h('button', { type: 'submit', id: 'create-group' }, t('create_group'));
  const form = h('form', { id: 'group-form', novalidate: true },
    h('label', { for: 'group-name' }, t('group_name')), name, err,
    h('div', { class: 'row' }, make));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const v = name.value.normalize('NFC').trim();
    if (!v) {
      err.textContent = t('group_name');
      name.focus();
      return;
    }
    make.disabled = true;
    try {
      const g = await api('POST', '/groups', { name: v });
      go(`#/groups/${g.id}`);
    } catch (e) {
      sayError(err, e);
      make.disabled = false;
    }
  });
  const groups = list.groups || [];
  show(t('groups_title'),
    h('h1', {}, t('groups_title')),
    h('p', {}, t('groups_lead')),
    groups.length
      ? h('ul', { class: 'attempts', id: 'groups' }, groups.map((g) => h('li', {},
        h('a', { href: `#/groups/${g.id}`, class: 'group-link' }, g.name),
        h('span', { class: 'meta' }, `${t('owner')}: ${g.owner} · ${t('members_n', g.members)} · ${when(g.created_at)}`))))
      : h('p', { id: 'groups' }, t('no_groups')),
    h('section', { class: 'panel', 'aria-labelledby': 'h-new-group' },
      h('h2', { id: 'h-new-group' }, t('new_group')), form));
}

// ---- #/groups/ID ---------------------------------------------------------------------------
export async function viewGroup(id) {
  show(t('groups_title'), h('h1', {}, t('loading')));
  let g;
  try {
    g = await api('GET', `/groups/${id}`);
  } catch (e) {
    if (denied(e, t('group_not_found'))) return;
    throw e;
  }
  // each part loads on its own: one failing does not hide the others
  const part = (path) => api('GET', `/groups/${id}${path}`).catch((e) => e);
  const [results, items, reviews, kbs] = await Promise.all([part('/results'), part('/items'),
    part('/reviews'), api('GET', '/kbs').catch(() => ({ kbs: [] }))]);
  let topics = [];
  if (kbs.kbs && kbs.kbs.length) {
    topics = (await api('GET', `/kbs/${encodeURIComponent(kbs.kbs[0].name)}/topics`)
      .catch(() => ({ topics: [] }))).topics;
  }
  let invites = g.invites || [];
  const titles = new Map(topics.map((tp) => [String(tp.number), tp.title]));
  show(g.name,
    h('p', { class: 'meta' }, h('a', { href: '#/groups' }, `← ${t('back_groups')}`)),
    h('h1', { id: 'group-title' }, g.name),
    h('p', { class: 'meta' }, `${t('owner')}: ${g.owner} · ${t('created')}: ${when(g.created_at)}`),
    heatMap(id, results),
    inviteForm(id, topics, titles, (inv) => {
      invites = [inv, ...invites];
      document.getElementById('invites-section').replaceWith(invitesList(id, invites, titles));
    }),
    invitesList(id, invites, titles),
    membersList(g.members || []),
    itemStats(items),
    reviewQueue(reviews));
  main().classList.add('wide');
}

function failedPart(x) {
  if (!(x instanceof Error)) return null;
  const box = errorBox();
  sayError(box, x);
  return box;
}

function inviteForm(id, topics, titles, made) {
  const err = errorBox();
  const kindBox = h('div', { class: 'levels' }, ['assessment', 'quiz'].map((k, i) =>
    h('label', { for: `inv-kind-${k}` },
      h('input', { type: 'radio', id: `inv-kind-${k}`, name: 'inv-kind', value: k, checked: i === 0 }),
      h('span', {}, t('kind')[k]))));
  const topicBox = h('div', { class: 'checks', id: 'inv-topics' }, topics.map((tp) =>
    h('label', { for: `inv-topic-${tp.number}` },
      h('input', { type: 'checkbox', id: `inv-topic-${tp.number}`, name: 'inv-topic', value: String(tp.number) }),
      h('span', {}, `${tp.number}. ${tp.title}`))));
  const levelBox = h('div', { class: 'levels' }, [1, 2, 3, 4].map((n) =>
    h('label', { for: `inv-level-${n}` },
      h('input', { type: 'checkbox', id: `inv-level-${n}`, name: 'inv-level', value: String(n) }),
      h('span', {}, t('level_n', n)))));
  const maxItems = h('input', { type: 'number', id: 'inv-max-items', min: 1, max: 100, value: 20, inputmode: 'numeric' });
  const count = h('input', { type: 'number', id: 'inv-count', min: 1, max: 100, value: 10, inputmode: 'numeric' });
  const days = h('select', { id: 'inv-expires' }, [1, 7, 30, 90].map((d) =>
    h('option', { value: String(d * 86400), selected: d === 7 }, t('days_n', d))));
  const assessPart = h('div', { id: 'inv-assess' }, h('label', { for: 'inv-max-items' }, t('max_items')), maxItems);
  const quizPart = h('div', { id: 'inv-quiz', hidden: true },
    h('fieldset', {}, h('legend', {}, t('levels')), levelBox),
    h('label', { for: 'inv-count' }, t('count')), count);
  const kind = () => (document.querySelector('input[name=inv-kind]:checked') || {}).value || 'assessment';
  kindBox.addEventListener('change', () => {
    assessPart.hidden = kind() !== 'assessment';
    quizPart.hidden = kind() !== 'quiz';
  });
  const make = h('button', { type: 'submit', id: 'create-invite' }, t('create_invite'));
  const result = h('div', { id: 'invite-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'invite-form', novalidate: true },
    h('fieldset', {}, h('legend', {}, t('invite_kind')), kindBox),
    topics.length ? h('fieldset', {}, h('legend', {}, t('invite_topics')), topicBox) : null,
    assessPart, quizPart,
    h('label', { for: 'inv-expires' }, t('expires')), days,
    err, h('div', { class: 'row' }, make));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const k = kind();
    const body = { kind: k, expires_in: Number(days.value) };
    const tps = [...document.querySelectorAll('input[name=inv-topic]:checked')].map((i) => i.value);
    if (tps.length) body.topics = tps;
    if (k === 'assessment') {
      body.max_items = Math.max(1, Math.min(100, Number(maxItems.value) || 20));
    } else {
      const lv = [...document.querySelectorAll('input[name=inv-level]:checked')].map((i) => Number(i.value));
      if (lv.length) body.levels = lv;
      body.count = Math.max(1, Math.min(100, Number(count.value) || 10));
    }
    make.disabled = true;
    try {
      const inv = await api('POST', `/groups/${id}/invites`, body);
      result.replaceChildren(inviteLink(inv, titles));
      made(inv);
      document.getElementById('invite-url').focus();
    } catch (e) {
      sayError(err, e);
    } finally {
      make.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'h-invite' },
    h('h2', { id: 'h-invite' }, t('invite_title')),
    h('p', {}, t('invite_lead')), form, result);
}

// The new invite's URL, selectable, with a copy button.
function inviteLink(inv, titles) {
  const url = h('input', { type: 'text', id: 'invite-url', readonly: true, value: inv.url,
    'aria-describedby': 'invite-spec' });
  const status = statusBox('copy-status');
  const copy = h('button', { type: 'button', id: 'copy-invite', class: 'secondary' }, t('copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(inv.url);
      say(status, t('copied'));
    } catch {
      url.select();
      say(status, t('copy_failed'), true);
    }
  });
  url.addEventListener('focus', () => url.select());
  return h('div', { class: 'invite-made' },
    h('label', { for: 'invite-url' }, t('invite_url')),
    h('div', { class: 'copy-row' }, url, copy),
    h('p', { class: 'hint', id: 'invite-spec' }, specText(inv.kind, inv.spec, titles),
      inv.expires_at ? ` · ${t('until', when(inv.expires_at))}` : ''),
    status);
}

function invitesList(id, invites, titles) {
  const status = statusBox('invites-status');
  // the list has no tokens (stored hashed): an invite is revoked by its id
  const rows = invites.filter((inv) => !inv.revoked).map((inv) => {
    const kids = [h('span', {}, specText(inv.kind, inv.spec, titles),
      ` · ${t('uses_n', inv.uses || 0)}`, inv.expires_at ? ` · ${t('until', when(inv.expires_at))}` : '')];
    const ref = inv.id ?? inv.token;
    if (ref !== undefined && ref !== null) {
      const b = h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('revoke')}: ${specText(inv.kind, inv.spec)}` },
        t('revoke'));
      b.addEventListener('click', async () => {
        try {
          await api('DELETE', `/groups/${id}/invites/${encodeURIComponent(ref)}`);
          b.closest('li').remove();
          say(status, t('revoked'));
        } catch (e) {
          sayBad(status, e);
        }
      });
      kids.push(b);
    }
    return h('li', {}, kids);
  });
  return h('section', { 'aria-labelledby': 'h-invites', id: 'invites-section' },
    h('h2', { id: 'h-invites' }, t('invites')),
    rows.length ? h('ul', { class: 'attempts', id: 'invites' }, rows) : h('p', {}, t('no_invites')),
    status);
}

function membersList(members) {
  return h('section', { 'aria-labelledby': 'h-members' },
    h('h2', { id: 'h-members' }, `${t('members')} (${members.length})`),
    members.length
      ? h('ul', { class: 'members', id: 'members' }, members.map((m) =>
        h('li', {}, h('span', { class: 'member-name' }, m.user), ' ',
          h('span', { class: 'meta' }, `${t('joined')}: ${when(m.joined_at)}`))))
      : h('p', { id: 'members' }, t('no_members')));
}

const reportUrl = (id, user) =>
  `/api/v1/groups/${id}/members/${encodeURIComponent(user)}/report?format=html&lang=${lang}`;

// Rows members, columns topics; a cell is the level by colour and by digit,
// "–" where the member was never assessed on the topic.
function heatMap(id, res) {
  const head = [h('h2', { id: 'h-heat' }, t('heatmap')), h('p', {}, t('heatmap_lead'))];
  const bad = failedPart(res);
  if (bad) return h('section', { 'aria-labelledby': 'h-heat' }, head, bad);
  const topics = res.topics || [];
  const members = res.members || [];
  if (!members.length) {
    return h('section', { 'aria-labelledby': 'h-heat' }, head, h('p', { id: 'heatmap' }, t('no_results')));
  }
  const col = (tp, i) => h('th', { scope: 'col', class: 'heat-topic', title: tp.title },
    h('span', { 'aria-hidden': 'true' }, String(i + 1)), h('span', { class: 'sr-only' }, `${i + 1}. ${tp.title}`));
  const rows = members.map((m) => {
    const by = new Map((m.levels || []).map((l) => [l.topic, l]));
    const cells = topics.map((tp) => {
      const l = by.get(tp.id);
      if (l && (l.level === null || l.level === undefined) && l.answered > 0) {
        return h('td', { class: 'heat lv-none', title: `${tp.title}: ${t('pending_n', l.answered)}` },
          h('span', { 'aria-hidden': 'true' }, '…'), h('span', { class: 'sr-only' }, t('pending_n', l.answered)));
      }
      if (!l || l.level === null || l.level === undefined) {
        return h('td', { class: 'heat lv-none' }, h('span', { 'aria-hidden': 'true' }, '–'),
          h('span', { class: 'sr-only' }, t('not_assessed')));
      }
      const lv = Math.max(1, Math.min(4, l.level));
      return h('td', { class: `heat lv-${lv}`,
        title: `${tp.title}: ${t('level_n', l.level)}${l.probability != null ? ` (${fmt(l.probability)})` : ''}` },
      String(l.level));
    });
    const tr = h('tr', { 'data-user': m.user },
      h('th', { scope: 'row', class: 'heat-member' },
        h('a', { href: reportUrl(id, m.user), class: 'member-report', 'aria-label': t('report_of', m.user) }, m.user),
        h('span', { class: 'meta heat-when' }, `${t('attempts')} ${m.attempts}${m.last_at ? ` · ${when(m.last_at)}` : ''}`)),
      cells);
    // a click anywhere on the row opens the report (the name is the keyboard's way)
    tr.addEventListener('click', (e) => {
      if (e.target.closest('a')) return;
      location.href = reportUrl(id, m.user);
    });
    return tr;
  });
  const legend = h('ul', { class: 'heat-legend', 'aria-label': t('legend') },
    [1, 2, 3, 4].map((n) => h('li', {}, h('span', { class: `heat swatch lv-${n}`, 'aria-hidden': 'true' }, String(n)),
      t('level_n', n))),
    h('li', {}, h('span', { class: 'heat swatch lv-none', 'aria-hidden': 'true' }, '…'), t('pending')),
    h('li', {}, h('span', { class: 'heat swatch lv-none', 'aria-hidden': 'true' }, '–'), t('not_assessed')));
  return h('section', { 'aria-labelledby': 'h-heat', id: 'heat-section' }, head,
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'heatmap-cap' },
      h('table', { id: 'heatmap', class: 'heatmap' },
        h('caption', { id: 'heatmap-cap', class: 'sr-only' }, t('heat_caption')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('member')), topics.map(col))),
        h('tbody', {}, rows))),
    legend,
    h('details', { class: 'topic-key' }, h('summary', {}, t('topic_key')),
      h('ol', {}, topics.map((tp) => h('li', {}, tp.title)))));
}

function itemStats(res) {
  const head = [h('h2', { id: 'h-items' }, t('items_title')), h('p', {}, t('items_lead'))];
  const bad = failedPart(res);
  if (bad) return h('section', { 'aria-labelledby': 'h-items' }, head, bad);
  // the answered items, the flagged ones first (the rest in the bank's order)
  const flagged = (it) => (it.flags && it.flags.length ? 0 : 1);
  const items = (res.items || []).filter((it) => it.n > 0)
    .map((it, i) => [it, i]).sort((x, y) => flagged(x[0]) - flagged(y[0]) || x[1] - y[1]).map((x) => x[0]);
  if (!items.length) return h('section', { 'aria-labelledby': 'h-items' }, head, h('p', { id: 'items' }, t('no_items')));
  const scope = res.scope && t('items_scope')[res.scope];
  return h('section', { 'aria-labelledby': 'h-items' }, head,
    scope ? h('p', { class: 'hint', id: 'items-scope' }, scope) : null,
    table('items', t('items_title'),
      [t('item'), t('topic'), t('level'), t('type'), t('n_answers'), t('facility'), t('discrimination'), t('flags')],
      items.map((it) => h('tr', { class: it.flags && it.flags.length ? 'flagged' : '' },
        h('td', { class: 'item-q' },
          h('span', {}, it.question && it.question.length > 90 ? `${it.question.slice(0, 88)}…` : (it.question || '')),
          h('span', { class: 'meta nowrap' }, ` ${it.item}`)),
        h('td', {}, String(it.topic ?? '')),
        h('td', {}, String(it.level ?? '')),
        h('td', {}, it.type ? (t('type_names')[it.type] || it.type)
          : it.kind ? (t('item_kinds')[it.kind] || it.kind) : ''), h('td', {}, String(it.n)),
        h('td', {}, num(it.facility)), h('td', {}, num(it.discrimination)),
        h('td', {}, (it.flags || []).map((f) => t('flag_names')[f] || f).join(', '))))));
}

function reviewQueue(res) {
  const head = [h('h2', { id: 'h-reviews' }, t('reviews_title')), h('p', {}, t('reviews_lead'))];
  const bad = failedPart(res);
  if (bad) return h('section', { 'aria-labelledby': 'h-reviews' }, head, bad);
  const answers = res.answers || [];
  if (!answers.length) {
    return h('section', { 'aria-labelledby': 'h-reviews' }, head, h('p', { id: 'reviews' }, t('no_reviews')));
  }
  return h('section', { 'aria-labelledby': 'h-reviews' }, head,
    h('ul', { class: 'reviews', id: 'reviews' }, answers.map(reviewCard)));
}

function reviewCard(a) {
  // a response is named ATTEMPT:POSITION
  const start = a.mark ?? a.score; // the score shown first: the last mark, else the automatic one
  const sid = `mark-${String(a.response).replace(/[^0-9A-Za-z_-]/g, '-')}`;
  const score = h('input', { type: 'number', id: sid, min: 0, max: 1, step: 0.05, inputmode: 'decimal',
    value: start === null || start === undefined ? '' : fmt(start), 'aria-describedby': `${sid}-auto` });
  const note = h('input', { type: 'text', id: `${sid}-note`, maxlength: 500, autocomplete: 'off' });
  const status = statusBox(`${sid}-status`);
  const save = h('button', { type: 'submit' }, t('save_mark'));
  const form = h('form', { class: 'mark-form', novalidate: true },
    h('div', { class: 'mark-fields' },
      h('div', {}, h('label', { for: sid }, t('mark_score')), score),
      h('div', {}, h('label', { for: `${sid}-note` }, t('mark_note')), note)),
    h('div', { class: 'row' }, save), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = Number(score.value);
    if (score.value === '' || !(v >= 0 && v <= 1)) {
      say(status, t('score_range'), true);
      score.focus();
      return;
    }
    const body = { response: a.response, score: v };
    if (note.value.trim()) body.note = note.value.normalize('NFC').trim();
    save.disabled = true;
    try {
      const m = await api('POST', '/marks', body);
      say(status, t('mark_saved', fmt(m.score)));
    } catch (e) {
      sayBad(status, e);
    } finally {
      save.disabled = false;
    }
  });
  const dl = [];
  const add = (dt, dd) => {
    if (dd) dl.push(h('dt', {}, dt), h('dd', {}, dd));
  };
  add(t('answer'), a.answer);
  add(t('reference'), a.reference);
  return h('li', { class: 'panel review' },
    h('p', { class: 'meta' }, `${a.user} · ${a.item}`),
    h('p', { class: 'prompt' }, a.prompt),
    h('dl', {}, dl),
    h('p', { class: 'hint', id: `${sid}-auto` }, t('auto_score', fmt(a.score), fmt(a.confidence)),
      a.mark !== null && a.mark !== undefined ? ` · ${t('marked', fmt(a.mark), a.marked_by)}` : ''),
    form);
}

// ---- #/invite/TOKEN ------------------------------------------------------------------------
export async function viewInvite(token) {
  show(t('invite_page'), h('h1', {}, t('loading')));
  let inv;
  try {
    inv = await api('GET', `/invites/${encodeURIComponent(token)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      show(t('invite_page'), h('h1', {}, t('invite_page')), h('p', { id: 'invite-gone', class: 'error' }, t('invite_gone')),
        h('p', {}, h('a', { href: '#/' }, t('home'))));
      return;
    }
    throw e;
  }
  const titles = new Map();
  try {
    const kbs = await api('GET', '/kbs');
    if (kbs.kbs && kbs.kbs.length) {
      const tl = await api('GET', `/kbs/${encodeURIComponent(kbs.kbs[0].name)}/topics`);
      for (const tp of tl.topics) titles.set(String(tp.number), tp.title);
    }
  } catch {
    // the numbers alone, then
  }
  const err = errorBox();
  const start = h('button', { type: 'button', id: 'accept-invite' }, t('start'));
  start.addEventListener('click', async () => {
    err.textContent = '';
    start.disabled = true;
    try {
      const a = await api('POST', `/invites/${encodeURIComponent(token)}/accept`, {});
      go(`#/attempt/${a.attempt}`);
    } catch (e) {
      sayError(err, e);
      start.disabled = false;
    }
  });
  show(t('invite_page'),
    h('h1', {}, inv.group_name),
    h('p', { id: 'invite-from' }, t('invite_from', inv.group_name, inv.owner)),
    h('section', { class: 'panel', 'aria-labelledby': 'h-invite-what' },
      h('h2', { id: 'h-invite-what' }, t('invite_what')),
      h('p', { id: 'invite-what' }, specText(inv.kind, inv.spec, titles)),
      inv.expires_at ? h('p', { class: 'hint' }, t('until', when(inv.expires_at))) : null,
      err, h('div', { class: 'row' }, start)));
}

// ---- #/admin -----------------------------------------------------------------------------
export async function viewAdmin() {
  show(t('admin_title'), h('h1', {}, t('admin_title')), h('p', {}, t('loading')));
  let users;
  try {
    users = await api('GET', '/admin/users');
  } catch (e) {
    if (denied(e, t('forbidden'))) return;
    throw e;
  }
  const status = statusBox('users-status');
  const rows = (users.users || []).map((u) => {
    const sid = `role-${u.name}`;
    const sel = h('select', { id: sid, class: 'role-select', 'aria-label': t('role_of', u.name), 'data-user': u.name },
      ['learner', 'assessor', 'admin'].map((r) => h('option', { value: r, selected: r === u.role }, t('roles')[r])));
    let was = u.role;
    sel.addEventListener('change', async () => {
      status.textContent = '';
      try {
        const r = await api('PUT', `/admin/users/${encodeURIComponent(u.name)}`, { role: sel.value });
        was = r.role;
        say(status, t('role_saved', u.name, t('roles')[r.role]));
      } catch (e) {
        sel.value = was;
        if (e instanceof ApiError && e.status === 400 && u.name === me.user) say(status, t('own_role'), true);
        else sayBad(status, e);
      }
    });
    return h('tr', {}, h('td', {}, u.name, u.name === me.user ? ` (${t('you')})` : ''), h('td', {}, sel),
      h('td', { class: 'nowrap' }, when(u.created_at)));
  });
  show(t('admin_title'),
    h('h1', {}, t('admin_title')),
    h('section', { 'aria-labelledby': 'h-users' },
      h('h2', { id: 'h-users' }, t('users')),
      table('users', t('users'), [t('name'), t('role'), t('created')], rows), status),
    uploadForm());
}

function uploadForm() {
  const err = errorBox();
  const file = h('input', { type: 'file', id: 'md-file', accept: '.md,text/markdown,text/plain' });
  const send = h('button', { type: 'submit', id: 'upload' }, t('upload'));
  const result = h('div', { id: 'upload-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'upload-form', novalidate: true },
    h('label', { for: 'md-file' }, t('md_file')), file, err, h('div', { class: 'row' }, send));
  const read = (f) => new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsText(f, 'utf-8');
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    result.replaceChildren();
    const f = file.files && file.files[0];
    if (!f) {
      err.textContent = t('pick_file');
      file.focus();
      return;
    }
    send.disabled = true;
    try {
      const markdown = await read(f);
      const s = await api('POST', '/admin/kbs', { name: f.name, markdown });
      result.replaceChildren(importSummary(s));
    } catch (e) {
      const line = e instanceof ApiError && e.body && e.body.error && e.body.error.line;
      sayError(err, e);
      if (e instanceof ApiError && e.status === 400) err.textContent = `${t('import_failed')} ${err.textContent}`;
      if (line && !err.textContent.includes(`:${line}`)) err.textContent += ` (${f.name}:${line})`;
    } finally {
      send.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'h-upload' },
    h('h2', { id: 'h-upload' }, t('upload_title')), h('p', {}, t('upload_lead')), form, result);
}

// The import summary, from whichever of its fields are there.
function importSummary(s) {
  const kb = s.kb && typeof s.kb === 'object' ? s.kb.name : s.kb || s.name || '';
  const counts = s.items && typeof s.items === 'object' ? s.items : s;
  const figures = ['added', 'changed', 'retired', 'unchanged'].filter((k) => typeof counts[k] === 'number')
    .map((k) => `${t(k)} ${counts[k]}`).join(' · ');
  const warnings = s.warnings || [];
  return h('div', { class: 'status', role: 'status', id: 'import-summary' },
    h('p', { class: 'verdict' }, t('imported', kb)),
    figures ? h('p', {}, figures) : null,
    warnings.length ? h('details', {}, h('summary', {}, `${t('warnings')} (${warnings.length})`),
      h('ul', {}, warnings.slice(0, 100).map((w) => h('li', {},
        typeof w === 'string' ? w : `${w.line ? t('line_n', w.line) + ': ' : ''}${w.message || JSON.stringify(w)}`)))) : null);
}
