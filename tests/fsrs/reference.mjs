// reference.mjs — the review sequences that the ctest fsrs_ts replays in C
// (tests/test_srs.c --ts), scheduled here by the reference, ts-fsrs 5.4.2.
//
// A fixed list of sequences drawn from a seeded PRNG (mulberry32): 200
// sequences of 10..20 reviews over four configurations (defaults; short-term
// off; other retention, maximum interval and steps with two relearning steps,
// which cap w17; random w, some outside ts-fsrs's clamps, a step of a day).
// Each review has a rating and a time: on time, early, overdue or on the same
// day as the last one. Output, one JSON object a line:
//   {"ts_fsrs": FSRSVersion}
//   {"seq", "config": {w, request_retention, maximum_interval,
//     enable_short_term, learning_steps, relearning_steps (minutes)}, "start"}
//   {"seq", "i", "rating", "now", "card": {state, stability, difficulty, due,
//     last_review, scheduled_days, elapsed_days, reps, lapses, learning_steps}}
// Times are Unix seconds. Run: node tests/fsrs/reference.mjs [sequences]
import { FSRSVersion, createEmptyCard, default_w, fsrs, generatorParameters } from 'ts-fsrs';

const DAY = 86400;
const nseq = Number(process.argv[2] ?? 200);

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20240917);
const uniform = (lo, hi) => lo + (hi - lo) * rand();
const int = (lo, hi) => Math.floor(uniform(lo, hi + 1)); // lo..hi

function config(k) {
  const c = {
    w: [...default_w],
    request_retention: 0.9,
    maximum_interval: 36500,
    enable_short_term: true,
    learning_steps: [1, 10],
    relearning_steps: [10],
  };
  if (k === 1) c.enable_short_term = false;
  if (k === 2) {
    c.request_retention = 0.8;
    c.maximum_interval = 180;
    c.learning_steps = [2, 15, 60];
    c.relearning_steps = [5, 30];
    c.w[17] = 1.2; // above the cap that two relearning steps put on w17 and w18 (0.6)
  }
  if (k === 3) {
    // each w scaled by 0.5..1.6 (some land outside the clamps and are clipped)
    c.w = default_w.map((x) => Number((x * uniform(0.5, 1.6)).toFixed(4)));
    c.w[19] = rand() < 0.5 ? 0 : c.w[19]; // below the short-term floor 0.01
    c.request_retention = 0.95;
    c.learning_steps = rand() < 0.5 ? [10, 1440] : [];
    c.relearning_steps = rand() < 0.5 ? [] : [10]; // [10] after a 1-day step: Again graduates
    c.enable_short_term = rand() < 0.7;
  }
  return c;
}

function rating() {
  const u = rand();
  return u < 0.2 ? 1 : u < 0.35 ? 2 : u < 0.85 ? 3 : 4;
}

// The next answer time after a card was scheduled (seconds).
function answerTime(card, last) {
  const due = card.due.getTime() / 1000;
  const u = rand();
  if (u < 0.35) return due + int(0, 3600); // on time
  if (u < 0.55 && due > last) return last + Math.floor(rand() * (due - last)); // early
  if (u < 0.8) return due + int(1, 2 * card.scheduled_days + 30) * DAY + int(0, DAY - 1); // overdue
  return last + int(0, 6 * 3600); // the same day (or just past midnight)
}

console.log(JSON.stringify({ ts_fsrs: FSRSVersion }));
for (let seq = 0; seq < nseq; seq++) {
  const c = config(seq % 4);
  const f = fsrs(
    generatorParameters({
      w: c.w,
      request_retention: c.request_retention,
      maximum_interval: c.maximum_interval,
      enable_fuzz: false,
      enable_short_term: c.enable_short_term,
      learning_steps: c.learning_steps.map((m) => `${m}m`),
      relearning_steps: c.relearning_steps.map((m) => `${m}m`),
    }),
  );
  const start = int(1577836800, 1893456000); // 2020 .. 2030
  console.log(JSON.stringify({ seq, config: c, start }));
  let card = createEmptyCard(new Date(start * 1000));
  let now = start;
  const n = int(10, 20);
  for (let i = 0; i < n; i++) {
    const g = rating();
    card = f.next(card, new Date(now * 1000), g).card;
    console.log(
      JSON.stringify({
        seq,
        i,
        rating: g,
        now,
        card: {
          state: card.state,
          stability: card.stability,
          difficulty: card.difficulty,
          due: card.due.getTime() / 1000,
          last_review: card.last_review.getTime() / 1000,
          scheduled_days: card.scheduled_days,
          elapsed_days: card.elapsed_days,
          reps: card.reps,
          lapses: card.lapses,
          learning_steps: card.learning_steps,
        },
      }),
    );
    now = answerTime(card, now);
  }
}
