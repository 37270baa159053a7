// assay's browser interface for learners: sign up or sign in, choose a quiz,
// an assessment or a review, answer the questions (mouse or keyboard; Korean
// through an input method: Enter during a composition never submits),
// feedback after each answer, a progress bar, the results with links to the
// server's HTML and JSON reports, and resuming an attempt from its URL
// (#/attempt/ID) or the list of unfinished attempts. Talks only to the JSON
// API under /api/v1 (docs/openapi.yaml); builds every element with the DOM
// (text through textContent, never innerHTML), so nothing inline is needed
// and the server's Content-Security-Policy holds. Korean first, English on a
// switch; the words are po/ko.po's where the terminal has them.

// ---- words ------------------------------------------------------------------------------
const WORDS = {
  ko: {
    skip_link: '본문으로 건너뛰기',
    account: '계정',
    signin_title: '로그인',
    signin_lead: '계정으로 로그인하거나 새 계정을 만드세요.',
    name: '이름',
    password: '비밀번호',
    password_hint: '8자 이상',
    signin: '로그인',
    signup: '계정 만들기',
    signout: '로그아웃',
    lang_switch: 'English',
    lang_switch_label: 'Switch to English',
    home_title: '무엇을 할까요?',
    kb: '지식 베이스',
    scope: '범위',
    topics: '주제',
    all_topics: '모든 주제 (하나도 고르지 않으면 전부)',
    levels: '레벨',
    types: '문제 유형',
    all_types: '하나도 고르지 않으면 전부',
    type_names: { mcq: '객관식', tf: '참/거짓', cloze: '빈칸 채우기', match: '짝짓기', short: '서술형', scenario: '시나리오' },
    level_n: (n) => `레벨 ${n}`,
    count: '문제 수',
    max_items: '최대 문제 수',
    quiz: '퀴즈',
    quiz_lead: '고른 주제와 레벨에서 문제를 풉니다.',
    start_quiz: '퀴즈 시작',
    assessment: '적응형 평가',
    assessment_lead: '답에 맞춰 다음 문제를 골라 주제별 레벨을 판정합니다.',
    start_assessment: '평가 시작',
    review: '복습',
    review_lead: '틀렸던 문제 가운데 다시 볼 때가 된 것을 풉니다.',
    start_review: '복습 시작',
    unfinished: '이어서 풀기',
    none_unfinished: '진행 중인 시도가 없습니다.',
    finished_list: '지난 결과',
    resume: '이어 풀기',
    results: '결과',
    kind: { quiz: '퀴즈', assessment: '적응형 평가', review: '복습' },
    answered_n: (n) => `답 ${n}개`,
    question_of: (p, t) => `문제 ${p} / ${t}`,
    question_n: (p) => `문제 ${p}`,
    decided: (d, t) => `주제 ${d} / ${t} 판정됨`,
    progress: '진행',
    prompt: {
      mcq: '하나를 고르세요.',
      tf: '참인가요, 거짓인가요?',
      cloze: '빈칸을 채우세요.',
      match: '각 질문에 맞는 답을 짝지으세요.',
      short: '자신의 말로 답하세요.',
      scenario: '결정을 고르거나 자신의 말로 답하세요.',
      scenario_text: '답을 쓰세요.',
    },
    keys_hint: '숫자 키로 보기를 고르고 Enter로 제출합니다.',
    text_hint: 'Enter로 제출합니다 (줄바꿈은 Shift+Enter).',
    line_hint: 'Enter로 제출합니다.',
    answer: '답',
    your_answer: '나의 답',
    or_write: '또는 자신의 말로 답하세요',
    truth: '참 (o)',
    falsity: '거짓 (x)',
    none: '(고르지 않음)',
    submit: '제출',
    skip: '모르겠어요 (건너뛰기)',
    next: '다음 문제',
    finish_now: '그만하고 결과 보기',
    right: '✓ 정답입니다.',
    right_score: (s) => `✓ 정답입니다 (점수 ${s}).`,
    partly: (s) => `△ 부분 정답입니다 (점수 ${s}).`,
    wrong: '✗ 틀렸습니다.',
    skipped: '건너뛰었습니다.',
    typo: (m) => `"${m}"의 오타로 보고 인정했습니다.`,
    the_answer: '정답:',
    reference: '모범 답안:',
    covered: '다룬 개념:',
    missed: '빠진 개념:',
    source: '출처:',
    added_to_review: '복습 목록에 넣었습니다.',
    pick_one: '답을 고르거나 쓰세요.',
    result_title: '결과',
    score_of: (s, n, p) => `점수: ${s} / ${n} (${p}%)`,
    skipped_n: (n) => `${n} 문제를 건너뛰었습니다.`,
    by_topic: '주제별',
    topic: '주제',
    level: '레벨',
    answers: '답',
    score: '점수',
    overall: (l) => `종합: 레벨 ${l}`,
    to_go_over: '다시 볼 문제',
    report_html: '보고서 보기',
    report_json: '보고서 (JSON)',
    home: '처음으로',
    not_found: '그런 시도는 없습니다.',
    nothing_due: '지금 복습할 문제가 없습니다.',
    error_generic: '문제가 생겼습니다. 다시 해 보세요.',
    loading: '불러오는 중…',
    true_false: (b) => (b ? '참' : '거짓'),
  },
  en: {
    skip_link: 'Skip to content',
    account: 'Account',
    signin_title: 'Sign in',
    signin_lead: 'Sign in with your account, or make a new one.',
    name: 'Name',
    password: 'Password',
    password_hint: 'at least 8 characters',
    signin: 'Sign in',
    signup: 'Create account',
    signout: 'Sign out',
    lang_switch: '한국어',
    lang_switch_label: '한국어로 보기',
    home_title: 'What would you like to do?',
    kb: 'Knowledge base',
    scope: 'What to practise',
    topics: 'Topics',
    all_topics: 'All topics (when none is ticked)',
    levels: 'Levels',
    types: 'Question types',
    all_types: 'All, when none is ticked',
    type_names: { mcq: 'Multiple choice', tf: 'True or false', cloze: 'Fill in the blank', match: 'Matching', short: 'Short answer', scenario: 'Scenario' },
    level_n: (n) => `Level ${n}`,
    count: 'Questions',
    max_items: 'At most',
    quiz: 'Quiz',
    quiz_lead: 'Questions from the topics and levels you pick.',
    start_quiz: 'Start quiz',
    assessment: 'Adaptive assessment',
    assessment_lead: 'Each question is chosen from your answers so far; ends with a level per topic.',
    start_assessment: 'Start assessment',
    review: 'Review',
    review_lead: 'The questions you missed that are due again.',
    start_review: 'Start review',
    unfinished: 'Continue',
    none_unfinished: 'No attempt in progress.',
    finished_list: 'Past results',
    resume: 'Resume',
    results: 'Results',
    kind: { quiz: 'Quiz', assessment: 'Adaptive assessment', review: 'Review' },
    answered_n: (n) => `${n} answered`,
    question_of: (p, t) => `Question ${p} of ${t}`,
    question_n: (p) => `Question ${p}`,
    decided: (d, t) => `${d} of ${t} topics decided`,
    progress: 'Progress',
    prompt: {
      mcq: 'Choose one.',
      tf: 'True or false?',
      cloze: 'Fill in the blank.',
      match: 'Match each question with its answer.',
      short: 'Answer in your own words.',
      scenario: 'Choose the decision, or answer in your own words.',
      scenario_text: 'Write your answer.',
    },
    keys_hint: 'Number keys pick an option; Enter submits.',
    text_hint: 'Enter submits (Shift+Enter for a new line).',
    line_hint: 'Enter submits.',
    answer: 'Answer',
    your_answer: 'Your answer',
    or_write: 'or answer in your own words',
    truth: 'true (o)',
    falsity: 'false (x)',
    none: '(none)',
    submit: 'Submit',
    skip: "Don't know (skip)",
    next: 'Next question',
    finish_now: 'Stop and see the results',
    right: '✓ Right.',
    right_score: (s) => `✓ Right (score ${s}).`,
    partly: (s) => `△ Partly right (score ${s}).`,
    wrong: '✗ Wrong.',
    skipped: 'Skipped.',
    typo: (m) => `Accepted as a near miss of "${m}".`,
    the_answer: 'The answer:',
    reference: 'Reference answer:',
    covered: 'Covered:',
    missed: 'Missed:',
    source: 'Source:',
    added_to_review: 'Added to your review deck.',
    pick_one: 'Choose or write an answer.',
    result_title: 'Results',
    score_of: (s, n, p) => `Score: ${s} of ${n} (${p}%)`,
    skipped_n: (n) => `${n} skipped.`,
    by_topic: 'By topic',
    topic: 'Topic',
    level: 'Level',
    answers: 'Answers',
    score: 'Score',
    overall: (l) => `Overall: Level ${l}`,
    to_go_over: 'To go over',
    report_html: 'Open the report',
    report_json: 'Report (JSON)',
    home: 'Home',
    not_found: 'There is no such attempt.',
    nothing_due: 'Nothing is due for review now.',
    error_generic: 'Something went wrong. Please try again.',
    loading: 'Loading…',
    true_false: (b) => (b ? 'true' : 'false'),
  },
};

let lang = localStorage.getItem('assay.lang') === 'en' ? 'en' : 'ko';
const t = (k, ...a) => {
  const v = WORDS[lang][k];
  return typeof v === 'function' ? v(...a) : v;
};

// ---- the DOM -----------------------------------------------------------------------------
// h('p', {class: 'x', for: 'id'}, 'text', child, ...): attributes through setAttribute
// (never "style" or "on…"), children as text nodes or elements.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
const main = () => document.getElementById('main');
function show(title, ...kids) {
  const m = main();
  m.replaceChildren(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false));
  document.title = title ? `${title} · assay` : 'assay';
  const h1 = m.querySelector('h1');
  if (h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: false });
  }
}
const fmt = (x) => (Math.round(x * 100) / 100).toString();

// ---- the API -----------------------------------------------------------------------------
const me = { user: null, csrf: null };
class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}
async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && me.csrf) headers['X-CSRF-Token'] = me.csrf;
  const res = await fetch('/api/v1' + path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/session') {
      // signed out meanwhile (expired): the sign-in page, at the same URL, so
      // an attempt's page comes back once signed in
      me.user = me.csrf = null;
      route();
    }
    throw new ApiError(res.status, json);
  }
  return json;
}
const requestId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

function errorBox() {
  return h('p', { class: 'error', role: 'alert', id: 'error' });
}
function sayError(box, e) {
  box.textContent = e instanceof ApiError ? e.message : t('error_generic');
}

// ---- header: who is signed in, the language switch ---------------------------------------
function renderNav() {
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('account'));
  const sw = h('button', { type: 'button', class: 'secondary', lang: lang === 'ko' ? 'en' : 'ko',
    'aria-label': t('lang_switch_label'), id: 'lang' }, t('lang_switch'));
  sw.addEventListener('click', () => {
    lang = lang === 'ko' ? 'en' : 'ko';
    localStorage.setItem('assay.lang', lang);
    document.documentElement.lang = lang;
    route();
  });
  const kids = [];
  if (me.user) {
    kids.push(h('span', { class: 'who' }, me.user));
    const out = h('button', { type: 'button', class: 'secondary', id: 'signout' }, t('signout'));
    out.addEventListener('click', async () => {
      try {
        await api('DELETE', '/session');
      } catch {}
      me.user = me.csrf = null;
      go('#/signin');
    });
    kids.push(out);
  }
  kids.push(sw);
  nav.replaceChildren(...kids);
  document.querySelector('.skip-link').textContent = t('skip_link');
}

// ---- sign in / sign up -------------------------------------------------------------------
function viewSignin() {
  const err = errorBox();
  const name = h('input', { type: 'text', id: 'name', name: 'name', autocomplete: 'username',
    required: true, maxlength: 64, autocapitalize: 'none', spellcheck: 'false' });
  const pw = h('input', { type: 'password', id: 'password', name: 'password',
    autocomplete: 'current-password', required: true, minlength: 8, maxlength: 1024,
    'aria-describedby': 'pw-hint' });
  const form = h('form', { id: 'signin-form', novalidate: true },
    h('label', { for: 'name' }, t('name')), name,
    h('label', { for: 'password' }, t('password')), pw,
    h('p', { class: 'hint', id: 'pw-hint' }, t('password_hint')),
    err,
    h('div', { class: 'row' },
      h('button', { type: 'submit', value: 'signin', id: 'do-signin' }, t('signin')),
      h('button', { type: 'submit', value: 'signup', class: 'secondary', id: 'do-signup' }, t('signup'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const signup = ev.submitter && ev.submitter.value === 'signup';
    if (signup) pw.setAttribute('autocomplete', 'new-password');
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    err.textContent = '';
    try {
      const s = await api('POST', signup ? '/accounts' : '/session',
        { name: name.value.normalize('NFC'), password: pw.value });
      me.user = s.user;
      me.csrf = s.csrf_token;
      renderNav();
      // back where the learner was going (an attempt's URL), else home
      go(/^#\/attempt\/[0-9]+$/.test(location.hash) ? location.hash : '#/');
    } catch (e) {
      sayError(err, e);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
  show(t('signin_title'), h('h1', {}, t('signin_title')), h('p', {}, t('signin_lead')), form);
}

// ---- home: start something, or resume --------------------------------------------------
async function viewHome() {
  show(t('home_title'), h('h1', {}, t('home_title')), h('p', {}, t('loading')));
  const [kbs, hist] = await Promise.all([api('GET', '/kbs'), api('GET', '/attempts')]);
  const err = errorBox();
  const kbSel = h('select', { id: 'kb', name: 'kb' },
    kbs.kbs.map((k) => h('option', { value: k.name }, `${k.title} (${k.name})`)));
  const topicBox = h('div', { class: 'checks', id: 'topics' });
  const loadTopics = async () => {
    topicBox.replaceChildren();
    if (!kbSel.value) return;
    const tl = await api('GET', `/kbs/${encodeURIComponent(kbSel.value)}/topics`);
    topicBox.replaceChildren(...tl.topics.map((tp) => {
      const id = `topic-${tp.number}`;
      return h('label', { for: id },
        h('input', { type: 'checkbox', id, name: 'topic', value: String(tp.number) }),
        h('span', {}, `${tp.number}. ${tp.title}`));
    }));
  };
  kbSel.addEventListener('change', () => loadTopics().catch((e) => sayError(err, e)));
  const levelBox = h('div', { class: 'levels' }, [1, 2, 3, 4].map((n) =>
    h('label', { for: `level-${n}` },
      h('input', { type: 'checkbox', id: `level-${n}`, name: 'level', value: String(n) }),
      h('span', {}, t('level_n', n)))));
  const typeBox = h('div', { class: 'checks' }, Object.entries(t('type_names')).map(([k, v]) =>
    h('label', { for: `type-${k}` },
      h('input', { type: 'checkbox', id: `type-${k}`, name: 'qtype', value: k }),
      h('span', {}, v))));
  const count = h('input', { type: 'number', id: 'count', min: 1, max: 100, value: 10, inputmode: 'numeric' });
  const maxItems = h('input', { type: 'number', id: 'max-items', min: 1, max: 100, value: 20, inputmode: 'numeric' });

  const picked = (name) => [...document.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
  const start = async (kind, btn) => {
    err.textContent = '';
    const body = { kind };
    const topics = picked('topic');
    if (topics.length) body.topics = topics;
    if (kind === 'quiz') {
      const lv = picked('level').map(Number);
      if (lv.length) body.levels = lv;
      const ty = picked('qtype');
      if (ty.length) body.types = ty;
      body.count = Math.max(1, Math.min(100, Number(count.value) || 10));
    } else if (kind === 'assessment') {
      body.max_items = Math.max(1, Math.min(100, Number(maxItems.value) || 20));
    }
    btn.disabled = true;
    try {
      const a = await api('POST', '/attempts', body);
      location.hash = `#/attempt/${a.attempt}`;
    } catch (e) {
      sayError(err, e);
    } finally {
      btn.disabled = false;
    }
  };
  const startButton = (kind, label) => {
    const b = h('button', { type: 'button', id: `start-${kind}` }, label);
    b.addEventListener('click', () => start(kind, b));
    return b;
  };

  const open = hist.attempts.filter((a) => !a.finished);
  const done = hist.attempts.filter((a) => a.finished).slice(0, 10);
  const when = (s) => new Date(s * 1000).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB',
    { dateStyle: 'short', timeStyle: 'short' });
  const attemptItem = (a, resume) => h('li', {},
    h('span', {}, `${t('kind')[a.kind]} · ${when(a.started_at)} · ${t('answered_n', a.answered)}`),
    h('a', { href: `#/attempt/${a.id}`, class: resume ? 'button' : '' },
      resume ? t('resume') : t('results')));

  show(t('home_title'),
    h('h1', {}, t('home_title')),
    open.length ? h('section', { 'aria-labelledby': 'h-unfinished', class: 'panel' },
      h('h2', { id: 'h-unfinished' }, t('unfinished')),
      h('ul', { class: 'attempts', id: 'unfinished' }, open.map((a) => attemptItem(a, true)))) : null,
    h('section', { 'aria-labelledby': 'h-scope' },
      h('h2', { id: 'h-scope' }, t('scope')),
      h('label', { for: 'kb' }, t('kb')), kbSel,
      h('fieldset', {}, h('legend', {}, t('topics')), h('p', { class: 'hint' }, t('all_topics')), topicBox)),
    err,
    h('section', { 'aria-labelledby': 'h-assess', class: 'panel' },
      h('h2', { id: 'h-assess' }, t('assessment')),
      h('p', {}, t('assessment_lead')),
      h('label', { for: 'max-items' }, t('max_items')), maxItems,
      h('div', { class: 'row' }, startButton('assessment', t('start_assessment')))),
    h('section', { 'aria-labelledby': 'h-quiz', class: 'panel' },
      h('h2', { id: 'h-quiz' }, t('quiz')),
      h('p', {}, t('quiz_lead')),
      h('fieldset', {}, h('legend', {}, t('levels')), levelBox),
      h('fieldset', {}, h('legend', {}, t('types')), h('p', { class: 'hint' }, t('all_types')), typeBox),
      h('label', { for: 'count' }, t('count')), count,
      h('div', { class: 'row' }, startButton('quiz', t('start_quiz')))),
    h('section', { 'aria-labelledby': 'h-review', class: 'panel' },
      h('h2', { id: 'h-review' }, t('review')),
      h('p', {}, t('review_lead')),
      h('div', { class: 'row' }, startButton('review', t('start_review')))),
    done.length ? h('section', { 'aria-labelledby': 'h-done' },
      h('h2', { id: 'h-done' }, t('finished_list')),
      h('ul', { class: 'attempts' }, done.map((a) => attemptItem(a, false)))) : null);
  await loadTopics();
}

// ---- an attempt: questions, answers, feedback ---------------------------------------------
let keyHandler = null;
function setKeys(fn) {
  if (keyHandler) document.removeEventListener('keydown', keyHandler);
  keyHandler = fn;
  if (fn) document.addEventListener('keydown', fn);
}

function progressBar(ev, kind) {
  const total = ev.total || 0;
  const pos = ev.position || 0;
  const label = total ? t('question_of', pos, total) : t('question_n', pos);
  const bar = h('progress', { id: 'progress', max: Math.max(total, 1), value: Math.max(pos - 1, 0),
    'aria-label': t('progress') });
  bar.setAttribute('aria-valuetext', label);
  return h('div', { class: 'progress' },
    h('p', { id: 'progress-label' }, label,
      kind === 'assessment' && ev.topics ? ` · ${t('decided', ev.topics_decided || 0, ev.topics)}` : ''),
    bar);
}

// The answer controls for a question; returns {el, read(), pick(n), hasChoices, texts}.
function answerControls(q) {
  const name = 'answer';
  const choiceList = (labels) => h('ul', { class: 'choice' }, labels.map((lab, i) =>
    h('li', {}, h('label', { for: `opt-${i}` },
      h('input', { type: 'radio', name, id: `opt-${i}`, value: String(i) }),
      h('span', {}, h('span', { class: 'num', 'aria-hidden': 'true' }, `${i + 1}.`), ' ', lab)))));
  const radios = () => [...document.querySelectorAll(`input[name=${name}]`)];
  const chosen = () => {
    const r = radios().find((x) => x.checked);
    return r ? Number(r.value) : null;
  };
  const pick = (n) => {
    const r = radios()[n];
    if (!r) return false;
    r.checked = true;
    r.focus();
    return true;
  };
  const textField = (multi, labelText) => {
    const id = 'answer-text';
    const f = multi
      ? h('textarea', { id, name: 'text', rows: 4, 'aria-describedby': 'text-hint', autocomplete: 'off' })
      : h('input', { type: 'text', id, name: 'text', 'aria-describedby': 'text-hint', autocomplete: 'off',
        autocapitalize: 'none', spellcheck: 'false' });
    return [h('label', { for: id }, labelText), f, h('p', { class: 'hint', id: 'text-hint' }, t(multi ? 'text_hint' : 'line_hint'))];
  };
  const legend = (text) => h('legend', {}, text);
  switch (q.type) {
  case 'mcq':
    return {
      el: h('fieldset', {}, legend(t('prompt').mcq), choiceList(q.options)),
      hasChoices: q.options.length,
      pick,
      read: () => (chosen() === null ? null : { choice: chosen() }),
    };
  case 'tf':
    return {
      el: h('fieldset', {}, legend(t('prompt').tf), choiceList([t('truth'), t('falsity')])),
      hasChoices: 2,
      pick,
      tf: true,
      read: () => (chosen() === null ? null : { truth: chosen() === 0 }),
    };
  case 'match': {
    const rows = q.left.map((l, i) => {
      const id = `pair-${i}`;
      const sel = h('select', { id, name: 'pair' },
        h('option', { value: '-1' }, t('none')),
        q.right.map((r, j) => h('option', { value: String(j) }, `${String.fromCharCode(97 + j)}. ${r}`)));
      return h('div', { class: 'match-row' }, h('label', { for: id }, `${i + 1}. ${l}`), sel);
    });
    return {
      el: h('fieldset', {}, legend(t('prompt').match), rows),
      hasChoices: 0,
      pick: () => false,
      read: () => {
        const p = [...document.querySelectorAll('select[name=pair]')].map((s) => Number(s.value));
        return p.every((x) => x < 0) ? null : { pairs: p };
      },
    };
  }
  case 'scenario':
    if (q.options && q.options.length) {
      return {
        el: h('fieldset', {}, legend(t('prompt').scenario), choiceList(q.options),
          textField(true, t('or_write'))),
        hasChoices: q.options.length,
        pick,
        read: () => {
          const txt = document.getElementById('answer-text').value.trim();
          if (txt) return { text: txt.normalize('NFC') };
          return chosen() === null ? null : { choice: chosen() };
        },
      };
    }
  // fall through: a scenario answered in words
  default: {
    const cloze = q.type === 'cloze';
    return {
      el: h('div', {}, textField(!cloze, cloze ? t('prompt').cloze
        : q.type === 'scenario' ? t('prompt').scenario_text : t('prompt').short)),
      hasChoices: 0,
      pick: () => false,
      read: () => {
        const txt = document.getElementById('answer-text').value.trim();
        return txt ? { text: txt.normalize('NFC') } : null;
      },
    };
  }
  }
}

function verdict(fb) {
  if (fb.skipped) return { cls: 'bad', text: t('skipped') };
  if (fb.correct) return { cls: 'ok', text: fb.score < 1 ? t('right_score', fmt(fb.score)) : t('right') };
  if (fb.score > 0) return { cls: 'part', text: t('partly', fmt(fb.score)) };
  return { cls: 'bad', text: t('wrong') };
}

// What the right answer was, in the learner's terms.
function rightAnswer(q, fb) {
  const k = fb.key || {};
  // numbered as the options are on the page (the wire's label is a letter)
  if (k.option !== undefined && q.options) return `${k.option + 1}. ${q.options[k.option]}`;
  if (k.truth !== undefined) return t('true_false', k.truth);
  if (k.pairs && q.left) {
    return k.pairs.map((j, i) => `${i + 1} → ${j >= 0 ? String.fromCharCode(97 + j) + '. ' + q.right[j] : '—'}`).join('\n');
  }
  if (k.accept && k.accept.length) return k.accept.join(', ');
  return null;
}

function feedbackBox(q, fb) {
  const v = verdict(fb);
  const k = fb.key || {};
  const g = fb.grade || {};
  const items = [];
  const add = (dt, dd) => {
    if (dd === null || dd === undefined || dd === '') return;
    items.push(h('dt', {}, dt), h('dd', {}, dd));
  };
  add(t('the_answer'), rightAnswer(q, fb));
  add(t('reference'), k.answer || g.reference);
  if (g.covered && g.covered.length) add(t('covered'), g.covered.join(', '));
  if (g.missed && g.missed.length) add(t('missed'), g.missed.join(', '));
  if (k.source) add(t('source'), `${k.source.file.split('/').pop()}:${k.source.line}`);
  return h('section', { class: `feedback ${v.cls}`, id: 'feedback', 'aria-labelledby': 'verdict' },
    h('p', { class: 'verdict', id: 'verdict' }, v.text),
    g.typo && g.matched ? h('p', {}, t('typo', g.matched)) : null,
    items.length ? h('dl', {}, items) : null,
    fb.added_to_review ? h('p', { class: 'hint' }, t('added_to_review')) : null);
}

// Keeps the request id of each position's answer across reloads, so a retry
// of an answer whose response was lost is stored once.
const ridKey = (id, pos) => `assay.rid.${id}.${pos}`;
function ridFor(id, pos) {
  let r = sessionStorage.getItem(ridKey(id, pos));
  if (!r) {
    r = requestId();
    sessionStorage.setItem(ridKey(id, pos), r);
  }
  return r;
}

async function viewAttempt(id) {
  setKeys(null);
  show(t('loading'), h('h1', {}, t('loading')));
  let view;
  try {
    view = await api('GET', `/attempts/${id}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      show(t('not_found'), h('h1', {}, t('not_found')), h('p', {}, h('a', { href: '#/' }, t('home'))));
      return;
    }
    throw e;
  }
  if (view.finished) return viewResults(id, view);
  if (view.status && view.status.done) return viewResults(id, await api('POST', `/attempts/${id}/finish`));
  // a done attempt stays open until it is finished: the question route says done
  const ev = await api('GET', `/attempts/${id}/question`);
  if (ev.event === 'done') {
    const fin = await api('POST', `/attempts/${id}/finish`);
    return viewResults(id, fin);
  }
  const q = ev.question;
  const ctl = answerControls(q);
  const err = errorBox();
  const submit = h('button', { type: 'submit', id: 'submit' }, t('submit'));
  const skip = h('button', { type: 'button', class: 'secondary', id: 'skip' }, t('skip'));
  const stop = h('button', { type: 'button', class: 'link-button', id: 'stop' }, t('finish_now'));
  const form = h('form', { id: 'answer-form', novalidate: true, 'aria-labelledby': 'prompt' },
    ctl.el, err,
    h('p', { class: 'hint' }, ctl.hasChoices ? t('keys_hint') : null),
    h('div', { class: 'row', id: 'actions' }, submit, skip));
  const prompt = q.type === 'tf'
    ? [h('p', { class: 'prompt', id: 'prompt' }, q.prompt), h('p', { class: 'statement' }, q.statement)]
    : [h('p', { class: 'prompt', id: 'prompt' }, q.prompt)];
  const meta = [q.topic, q.level ? t('level_n', q.level) : null].filter(Boolean).join(' · ');
  const title = ev.total ? t('question_of', ev.position, ev.total) : t('question_n', ev.position);
  show(title,
    h('h1', { class: 'sr-title' }, t('kind')[ev.kind]),
    progressBar(ev, ev.kind),
    h('article', { class: 'question', 'data-type': q.type, id: 'question' },
      h('p', { class: 'meta' }, meta), prompt, form),
    h('div', { id: 'after', 'aria-live': 'polite' }),
    h('p', {}, stop));

  // Composition (an input method): the text is read on compositionend, and an
  // Enter that belongs to the composition never submits.
  let composing = false;
  const text = document.getElementById('answer-text');
  if (text) {
    text.addEventListener('compositionstart', () => { composing = true; });
    text.addEventListener('compositionend', () => { composing = false; });
  }
  let busy = false;
  let answered = false;
  const send = async (skipIt) => {
    if (busy || answered) return;
    const answer = skipIt ? null : ctl.read();
    if (!skipIt && !answer) {
      err.textContent = t('pick_one');
      return;
    }
    busy = true;
    err.textContent = '';
    submit.disabled = skip.disabled = true;
    try {
      const body = { position: ev.position, request_id: ridFor(id, ev.position) };
      if (!skipIt) body.answer = answer;
      const fb = await api('POST', `/attempts/${id}/${skipIt ? 'skip' : 'answers'}`, body);
      answered = true;
      sessionStorage.removeItem(ridKey(id, ev.position));
      form.querySelectorAll('input, textarea, select').forEach((x) => (x.disabled = true));
      document.getElementById('actions').remove();
      const next = h('button', { type: 'button', id: 'next' }, t('next'));
      next.addEventListener('click', () => viewAttempt(id).catch(fail));
      document.getElementById('after').replaceChildren(feedbackBox(q, fb), h('div', { class: 'row' }, next));
      next.focus();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        viewAttempt(id).catch(fail); // another tab answered it: show what is current
        return;
      }
      sayError(err, e);
      submit.disabled = skip.disabled = false;
    } finally {
      busy = false;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!composing) send(false);
  });
  skip.addEventListener('click', () => send(true));
  stop.addEventListener('click', async () => {
    try {
      viewResults(id, await api('POST', `/attempts/${id}/finish`));
    } catch (e) {
      fail(e);
    }
  });
  setKeys((e) => {
    if (e.isComposing || e.keyCode === 229 || composing) return; // the input method's keys
    const tag = e.target && e.target.tagName;
    const typing = tag === 'TEXTAREA' || (tag === 'INPUT' && e.target.type === 'text') || tag === 'SELECT';
    if (e.key === 'Enter') {
      if (e.target && e.target.tagName === 'TEXTAREA' && e.shiftKey) return;
      if (answered) {
        if (tag !== 'BUTTON' && tag !== 'A') {
          e.preventDefault();
          document.getElementById('next')?.click();
        }
        return;
      }
      if (tag === 'BUTTON' || tag === 'A') return; // the button's own action
      e.preventDefault();
      send(false);
      return;
    }
    if (answered || typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (/^[1-9]$/.test(e.key) && ctl.pick(Number(e.key) - 1)) {
      e.preventDefault();
    } else if (ctl.tf && (e.key === 'o' || e.key === 'x')) {
      ctl.pick(e.key === 'o' ? 0 : 1);
      e.preventDefault();
    }
  });
  const first = text && !ctl.hasChoices ? text : form.querySelector('input, select, textarea');
  if (first) first.focus();
}

// ---- results ------------------------------------------------------------------------------
function viewResults(id, view) {
  setKeys(null);
  const s = view.summary;
  const pct = s.questions ? Math.round((100 * s.score) / s.questions) : 0;
  const kids = [
    h('h1', {}, `${t('kind')[view.kind]} · ${t('result_title')}`),
    h('p', { class: 'big', id: 'score' }, t('score_of', fmt(s.score), s.questions, pct)),
    s.skipped ? h('p', {}, t('skipped_n', s.skipped)) : null,
  ];
  const p = s.profile;
  if (p && p.topics) {
    if (p.overall) kids.push(h('p', { class: 'big', id: 'overall' }, t('overall', p.overall.level)));
    kids.push(h('h2', {}, t('by_topic')), h('div', { class: 'table-wrap' }, h('table', { id: 'profile' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('topic')), h('th', { scope: 'col' }, t('level')),
        h('th', { scope: 'col' }, t('answers')))),
      h('tbody', {}, p.topics.filter((tp) => tp.answered > 0).map((tp) => h('tr', {},
        h('td', {}, tp.topic), h('td', { class: 'nowrap' }, t('level_n', tp.level)), h('td', {}, String(tp.answered))))))));
  } else if (s.by_topic && s.by_topic.length) {
    kids.push(h('h2', {}, t('by_topic')), h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('topic')), h('th', { scope: 'col' }, t('score')))),
      h('tbody', {}, s.by_topic.map((g) => h('tr', {}, h('td', {}, g.topic || ''),
        h('td', {}, `${fmt(g.score)} / ${g.questions}`)))))));
  }
  if (s.missed && s.missed.length) {
    kids.push(h('h2', {}, t('to_go_over')), h('ul', {}, s.missed.slice(0, 20).map((m) =>
      h('li', {}, m.prompt, m.reference ? h('span', { class: 'hint' }, ` — ${m.reference}`) : null))));
  }
  if (!s.questions && view.kind === 'review') kids.push(h('p', {}, t('nothing_due')));
  kids.push(h('div', { class: 'row' },
    h('a', { class: 'button', id: 'report-link', href: `/api/v1/attempts/${id}/report?format=html&lang=${lang}` },
      t('report_html')),
    h('a', { class: 'button secondary', href: `/api/v1/attempts/${id}/report?format=json&lang=${lang}` },
      t('report_json')),
    h('a', { class: 'button secondary', href: '#/' }, t('home'))));
  show(t('result_title'), ...kids);
}

// ---- routes ---------------------------------------------------------------------------------
// Shows the page of `hash` (a new history entry only when it changes).
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash; // hashchange routes
}

function fail(e) {
  if (e instanceof ApiError && e.status === 401) return;
  const box = errorBox();
  sayError(box, e);
  main().prepend(box);
}

async function route() {
  document.documentElement.lang = lang;
  setKeys(null);
  renderNav();
  const hash = location.hash || '#/';
  if (!me.user) {
    try {
      const s = await api('GET', '/session');
      me.user = s.user;
      me.csrf = s.csrf_token;
      renderNav();
    } catch {
      return viewSignin();
    }
  }
  if (hash === '#/signin') return go('#/');
  const m = /^#\/attempt\/([0-9]{1,18})$/.exec(hash);
  try {
    if (m) await viewAttempt(m[1]);
    else await viewHome();
  } catch (e) {
    fail(e);
  }
}

window.addEventListener('hashchange', () => route());
route();
