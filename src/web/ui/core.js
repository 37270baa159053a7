// The shared part of assay's browser interface (an ES module; app.js is the
// entry): the words in Korean and English and t(), the DOM builder h() (text
// through textContent, attributes through setAttribute, never innerHTML, so
// nothing inline is needed and the Content-Security-Policy holds), show() for
// a page, the JSON API client with its CSRF header, the header with the
// navigation for the signed-in role and the language switch, go() and fail().
// The other modules import it by its hashed name (cmake/embed_static.cmake).
// richText() shows stored text with its code blocks and tables (text.js).

import { textBlocks, inlineSpans } from '{{text.js}}';

// ---- words ------------------------------------------------------------------------------
export const WORDS = {
  ko: {
    skip_link: '본문으로 건너뛰기',
    account: '계정',
    menu: '메뉴',
    nav_learn: '학습',
    nav_groups: '그룹',
    nav_admin: '관리',
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
    image: (alt) => (alt ? `그림: ${alt}` : '그림'),
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
    menu: 'Menu',
    nav_learn: 'Learn',
    nav_groups: 'Groups',
    nav_admin: 'Admin',
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
    image: (alt) => (alt ? `image: ${alt}` : 'image'),
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

export let lang = localStorage.getItem('assay.lang') === 'en' ? 'en' : 'ko';
export const t = (k, ...a) => {
  const v = WORDS[lang][k];
  return typeof v === 'function' ? v(...a) : v;
};

// ---- the DOM -----------------------------------------------------------------------------
// h('p', {class: 'x', for: 'id'}, 'text', child, ...): attributes through setAttribute
// (never "style" or "on…"), children as text nodes or elements.
export function h(tag, attrs, ...kids) {
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
// A line's text with its `code` spans as <code>, its links as <a> opening in
// a new tab, an image as a link to it (text.js): an array of text and elements
// for h()'s children (DOM only, never innerHTML). In an answer choice (a
// <label>: a click there picks the choice) links are their text.
function span(sp, links) {
  if (sp.code) return h('code', {}, sp.text);
  if (!links) return sp.image ? t('image', sp.text) : sp.text;
  if (sp.image) {
    const label = t('image', sp.text);
    return sp.href
      ? h('a', { href: sp.href, class: 'img-link', target: '_blank', rel: 'noopener noreferrer nofollow' }, label)
      : h('span', { class: 'img-link' }, label);
  }
  if (sp.href) return h('a', { href: sp.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, sp.text);
  return sp.text;
}
export function inline(text, { links = true } = {}) {
  return inlineSpans(text).map((sp) => span(sp, links));
}
// A question's or an answer's text as elements: code blocks as <pre><code>,
// pipe tables as <table>, the rest as text with inline code (text.js; DOM
// only, never innerHTML).
export function richText(text) {
  return textBlocks(text).map((b) => {
    if (b.type === 'code') {
      return h('pre', { class: 'code' }, h('code', b.info ? { 'data-lang': b.info } : {}, b.text));
    }
    if (b.type === 'table') {
      const cell = (tag, txt, k) => h(tag, b.align[k] ? { class: `al-${b.align[k]}` } : {}, inline(txt));
      return h('div', { class: 'table-wrap' }, h('table', { class: 'answer-table' },
        h('thead', {}, h('tr', {}, b.head.map((c, k) => cell('th', c, k)))),
        h('tbody', {}, b.rows.map((r) => h('tr', {}, r.map((c, k) => cell('td', c, k)))))));
    }
    return h('span', { class: 'text' }, inline(b.text));
  });
}
export const main = () => document.getElementById('main');
export function show(title, ...kids) {
  const m = main();
  m.classList.remove('wide');
  m.replaceChildren(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false));
  document.title = title ? `${title} · assay` : 'assay';
  const h1 = m.querySelector('h1');
  if (h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: false });
  }
}
export const fmt = (x) => (Math.round(x * 100) / 100).toString();

// ---- the API -----------------------------------------------------------------------------
export const me = { user: null, role: null, csrf: null };
// the router (app.js) registers itself here: api() and go() call it
export const hooks = { route: () => {} };
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}
export async function api(method, path, body) {
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
      me.user = me.role = me.csrf = null;
      hooks.route();
    }
    throw new ApiError(res.status, json);
  }
  return json;
}
export const requestId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

export function errorBox() {
  return h('p', { class: 'error', role: 'alert', id: 'error' });
}
export function sayError(box, e) {
  box.textContent = e instanceof ApiError ? e.message : t('error_generic');
}

// ---- header: who is signed in, the language switch ---------------------------------------
export function renderNav() {
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('menu'));
  const sw = h('button', { type: 'button', class: 'secondary', lang: lang === 'ko' ? 'en' : 'ko',
    'aria-label': t('lang_switch_label'), id: 'lang' }, t('lang_switch'));
  sw.addEventListener('click', () => {
    lang = lang === 'ko' ? 'en' : 'ko';
    localStorage.setItem('assay.lang', lang);
    document.documentElement.lang = lang;
    hooks.route();
  });
  const kids = [];
  if (me.user) {
    // the sections this role may use; the current one marked
    const here = location.hash || '#/';
    const link = (href, text, id, test) => h('a', { href, id, class: 'nav-link',
      'aria-current': test.test(here) ? 'page' : false }, text);
    kids.push(link('#/', t('nav_learn'), 'nav-learn', /^#\/?$|^#\/attempt\//));
    if (roleAtLeast('assessor')) kids.push(link('#/groups', t('nav_groups'), 'nav-groups', /^#\/groups/));
    if (roleAtLeast('admin')) kids.push(link('#/admin', t('nav_admin'), 'nav-admin', /^#\/admin/));
    kids.push(h('span', { class: 'who', id: 'who' }, me.user));
    const out = h('button', { type: 'button', class: 'secondary', id: 'signout' }, t('signout'));
    out.addEventListener('click', async () => {
      try {
        await api('DELETE', '/session');
      } catch {}
      me.user = me.role = me.csrf = null;
      go('#/signin');
    });
    kids.push(out);
  }
  kids.push(sw);
  nav.replaceChildren(...kids);
  document.querySelector('.skip-link').textContent = t('skip_link');
}

// The signed-in account's role is at least `role` (learner < assessor < admin).
const RANK = { learner: 0, assessor: 1, admin: 2 };
export const roleAtLeast = (role) => (RANK[me.role] ?? 0) >= RANK[role];
export function signedIn(s) {
  me.user = s.user;
  me.role = s.role || 'learner';
  me.csrf = s.csrf_token;
}

// ---- keys, routes, failures ------------------------------------------------------------------
let keyHandler = null;
export function setKeys(fn) {
  if (keyHandler) document.removeEventListener('keydown', keyHandler);
  keyHandler = fn;
  if (fn) document.addEventListener('keydown', fn);
}

// Shows the page of `hash` (a new history entry only when it changes).
export function go(hash) {
  if (location.hash === hash) hooks.route();
  else location.hash = hash; // hashchange routes
}

export function fail(e) {
  if (e instanceof ApiError && e.status === 401) return;
  const box = errorBox();
  sayError(box, e);
  main().prepend(box);
}

export const when = (s) => (s ? new Date(s * 1000).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB',
  { dateStyle: 'medium', timeStyle: 'short' }) : '');
