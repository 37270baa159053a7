// The learner's pages of assay's browser interface (an ES module): sign up or
// sign in, choose a quiz, an assessment or a review, answer the questions
// (mouse or keyboard; Korean through an input method: Enter during a
// composition never submits), feedback after each answer, a progress bar, the
// results with links to the server's HTML and JSON reports, and resuming an
// attempt from its URL (#/attempt/ID) or the list of unfinished attempts.
import { t, h, richText, inline, show, fmt, api, ApiError, errorBox, sayError, renderNav, signedIn, setKeys, go, fail,
  requestId, lang, when } from '{{core.js}}';

// ---- sign in / sign up -------------------------------------------------------------------
export function viewSignin(lead) {
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
      signedIn(s);
      renderNav();
      // back where the learner was going (an attempt's or an invite's URL, or
      // a section's), else home
      go(/^#\/(attempt\/[0-9]+|invite\/[A-Za-z0-9_-]+|groups(\/[0-9]+)?|admin)$/.test(location.hash)
        ? location.hash : '#/');
    } catch (e) {
      sayError(err, e);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
  show(t('signin_title'), h('h1', {}, t('signin_title')), h('p', { id: 'signin-lead' }, lead || t('signin_lead')), form);
}

// ---- home: start something, or resume --------------------------------------------------
export async function viewHome() {
  show(t('home_title'), h('h1', {}, t('home_title')), h('p', {}, t('loading')));
  const [kbs, hist] = await Promise.all([api('GET', '/kbs'), api('GET', '/attempts')]);
  const err = errorBox();
  const kbSel = h('select', { id: 'kb', name: 'kb' },
    kbs.kbs.map((k) => h('option', { value: k.name }, k.title ? `${k.title} (${k.name})` : k.name)));
  const topicBox = h('div', { class: 'checks', id: 'topics' });
  const loadTopics = async () => {
    topicBox.replaceChildren();
    if (!kbSel.value) return;
    const tl = await api('GET', `/kbs/${encodeURIComponent(kbSel.value)}/topics`);
    // A topic is named by its number when it has one of its own; one without
    // (number 0, a document without numbered headings) or sharing it, by its
    // whole title (the API takes either, within the chosen kb). The id is the
    // topic's place in the list: unique either way.
    const uses = new Map();
    for (const tp of tl.topics) uses.set(tp.number, (uses.get(tp.number) || 0) + 1);
    topicBox.replaceChildren(...tl.topics.map((tp, i) => {
      const id = `topic-${i + 1}`;
      const numbered = tp.number > 0 && uses.get(tp.number) === 1;
      return h('label', { for: id },
        h('input', { type: 'checkbox', id, name: 'topic', value: numbered ? String(tp.number) : tp.title }),
        h('span', {}, numbered ? `${tp.number}. ${tp.title}` : tp.title));
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
    // quiz and assessment draw from the chosen knowledge base (a review from the whole deck)
    if (kind !== 'review' && kbSel.value) body.kb = kbSel.value;
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
      h('span', {}, h('span', { class: 'num', 'aria-hidden': 'true' }, `${i + 1}.`), ' ', inline(lab, { links: false }))))));
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
      return h('div', { class: 'match-row' }, h('label', { for: id }, `${i + 1}. `, inline(l, { links: false })), sel);
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
  const right = rightAnswer(q, fb);
  add(t('the_answer'), right === null ? null : inline(right)); // `code` as <code>
  const ref = k.answer || g.reference;
  add(t('reference'), ref ? richText(ref) : null); // code and tables as such
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

export async function viewAttempt(id) {
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
  // a prompt with code or a table is a block of its own (a <p> holds no <pre>)
  const rich = richText(q.prompt);
  const head = rich.some((el) => el.tagName !== 'SPAN')
    ? h('div', { class: 'prompt', id: 'prompt' }, rich)
    : h('p', { class: 'prompt', id: 'prompt' }, inline(q.prompt));
  const prompt = q.type === 'tf' ? [head, h('p', { class: 'statement' }, inline(q.statement))] : [head];
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
