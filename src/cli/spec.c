/* spec — the CLI's commands, options, environment and examples. */
#include "opts.h"

const char *const cli_program_summary =
    "turn level-structured knowledge documents into an item bank for quizzes and assessments";

const char *const cli_program_description =
    "assay imports Markdown knowledge documents - topics with a concept text, level blocks "
    "(Level 1 to 4) of question/answer pairs, practical scenarios and interview questions - into "
    "an item bank, and lists what the bank holds. It carries its first knowledge base, "
    "architecture-scalability (a Korean study guide on architecture and scalability for people "
    "who run IT services), and imports it into the database the first time a command needs the "
    "bank. Items keep stable ids across re-imports; a reworded question keeps its id and gets a "
    "new version; questions that leave the document are retired, never deleted.";

const cli_opt_spec cli_opts[OPT__COUNT] = {
    [OPT_HELP] = {"help", 'h', NULL, "Show help for the command and exit."},
    [OPT_VERSION] = {"version", 'V', NULL, "Print the version and exit."},
    [OPT_DB] = {"db", 0, "URL",
                "Database to use: sqlite:PATH, a plain PATH (in an existing folder), an SQLite "
                "file: URI, or PostgreSQL: postgresql://USER@HOST:PORT/DB or a libpq "
                "key=value string (host=... dbname=...). Default: $ASSAY_DB, else "
                "$XDG_DATA_HOME/assay/assay.db, else "
                "~/.local/share/assay/assay.db (created on first use)."},
    [OPT_JSON] = {"json", 0, NULL,
                  "Print JSON instead of text (schemas in docs/json.md). Errors still go to "
                  "standard error."},
    [OPT_KB] = {"kb", 0, "NAME",
                "Knowledge base. For import: the name to import into (default: the file name "
                "without its extension; only with one file). Otherwise: show only this one."},
    [OPT_TOPIC] = {"topic", 't', "TOPIC",
                   "Only this topic: its number or a part of its title. For quiz: may be given "
                   "several times."},
    [OPT_LEVEL] = {"level", 'l', "N",
                   "Only level N (1-9) level Q/A items. For quiz: several levels as 2,3 or "
                   "repeated; with a level, items without one are left out."},
    [OPT_KIND] = {"kind", 'k', "KIND",
                  "Only items of this kind: level, interview, scenario, derived_definition, "
                  "derived_topic or derived_order."},
    [OPT_STEM_TYPE] = {"stem-type", 0, "TYPE",
                       "Only items whose question asks for this: definition, comparison, method, "
                       "reason, condition, proscons, enumeration, numeric or other."},
    [OPT_ALL] = {"all", 'a', NULL, "Include retired items."},
    [OPT_MAX_SIZE] = {"max-size", 0, "BYTES",
                      "Refuse documents larger than BYTES (suffixes K, M, G; default 16M)."},
    [OPT_MODEL] = {"model", 0, NULL,
                   "For check, with --json: print the whole knowledge model (topics, level "
                   "blocks, items) with source lines."},
    [OPT_DOC_FORMAT] = {"format", 0, "FORMAT",
                        "For import and check: read the files as md (Markdown), gift (Moodle "
                        "GIFT), moodle-xml or csv (columns question, answer, topic, level, kind; "
                        "a header row). Default: by the extension (.md, .gift, .xml, .csv), else "
                        "by the content, else Markdown."},
    [OPT_NO_COLOR] = {"no-color", 0, NULL,
                      "No colour. Colour is used only on a terminal and never when NO_COLOR is "
                      "set."},
    [OPT_VERBOSE] = {"verbose", 'v', NULL, "Log what happens to standard error."},
    [OPT_QUIET] = {"quiet", 'q', NULL, "Print only errors to standard error (no warnings)."},
    [OPT_COUNT] = {"count", 'n', "N", "Number of questions (default 10, at most 500)."},
    [OPT_TYPES] = {"types", 0, "LIST",
                   "Question types, comma-separated: mcq, tf, cloze, match, short, scenario, "
                   "or all (the default). They are given to the items in turn."},
    [OPT_OPTIONS] = {"options", 0, "K",
                     "Options per multiple-choice question, 3 to 5 (default 4). A question whose "
                     "topic has too few answers of the kind it asks gets fewer, never fewer than "
                     "3."},
    [OPT_SEED] = {"seed", 0, "S",
                  "Seed for the random choices (0 to 2^64-1). The same seed and bank give the "
                  "same quiz, byte for byte. Default: a new seed, printed with the quiz."},
    [OPT_SIM_SEED] = {"seed", 0, "S",
                      "Seed for the simulated examinees, their answers and the assessment's "
                      "random choices (0 to 2^64-1). The same seed and bank give the same "
                      "report. Default: 1."},
    [OPT_WITH_KEY] = {"with-key", 0, NULL,
                      "Include the key: correct options, accepted terms, reference answers and "
                      "their sources. Without it nothing in the output gives an answer away."},
    [OPT_QUIZ] = {"quiz", 0, "FILE", "The quiz to grade, as printed by `assay quiz --json`."},
    [OPT_ANSWERS] = {"answers", 0, "FILE",
                     "The learner's answers: {\"answers\": [{\"n\": 1, \"answer\": \"B\"}, "
                     "...]} (docs/json.md)."},
    [OPT_PAIRS] = {"pairs", 0, "FILE",
                   "Free-text answers collected elsewhere, one JSON object a line: "
                   "{\"question\": Q, \"reference\": R, \"answer\": A}. - reads standard "
                   "input."},
    [OPT_SEEDS] = {"seeds", 0, "N", "Seeds to generate with (default 5)."},
    [OPT_IRT_MODEL] = {"model", 0, "MODEL",
                       "For calibrate: the item response model, rasch (one common slope, the "
                       "latent variance estimated) or 2pl (a slope per item; the default)."},
    [OPT_RESPONSES] = {"responses", 0, "FILE",
                       "Calibrate a response matrix from another system instead of the bank: "
                       "CSV with a header row naming the items, one row per person, cells 0, 1, "
                       "a fraction between them or empty. Nothing is stored. - reads standard "
                       "input."},
    [OPT_ID_COLUMN] = {"id-column", 0, NULL,
                       "With --responses: the first column names the persons."},
    [OPT_PRIORS] = {"priors", 0, NULL,
                    "With --responses: weak priors (intercepts N(0, 2^2), log slopes "
                    "N(0, 0.5^2)) instead of maximum likelihood, so items everyone gets right "
                    "or wrong can be placed."},
    [OPT_REAL_ONLY] = {"real-only", 0, NULL, "Leave out the attempts `assay simulate` stored."},
    [OPT_INCLUDE_SIMULATED] = {"include-simulated", 0, NULL,
                               "Calibrate on the attempts `assay simulate` stored too (by "
                               "default only real answers count)."},
    [OPT_EXAMINEES] = {"examinees", 0, "N", "Simulated examinees (default 500)."},
    [OPT_MAX_ITEMS] = {"max-items", 0, "M",
                       "The fixed forms' length and the adaptive assessment's maximum (default "
                       "45); the designs also run at 1/4, 1/3, 1/2, 2/3 and 3/4 of it."},
    [OPT_NO_STORE] = {"no-store", 0, NULL,
                      "Do not store the simulated answers (by default they are stored as "
                      "simulated attempts, for analyze and calibrate)."},
    [OPT_RECORD] = {"record", 0, NULL,
                    "Store the graded answers as an attempt of the quiz, for `assay analyze` "
                    "and `assay calibrate`."},
    [OPT_PERSON] = {"person", 0, "NAME",
                    "With --record: who answered (same as --user; default: $USER)."},
    [OPT_ALLOCATION] = {"allocation", 0, "RULE",
                        "How the adaptive assessment spreads its questions once every topic has "
                        "one: gain (where one more answer is expected to help the level decision "
                        "most; the default) or share (equal shares)."},
    [OPT_SLOPES] = {"slopes", 0, "SD",
                    "What-if: give the items slopes drawn from lognormal(0, SD) (difficulties "
                    "kept), as a calibrated 2PL bank might have them, for both the simulated "
                    "answers and the assessment. Default: the bank's own parameters."},
    [OPT_PRINT] = {"print", 0, NULL,
                   "Print the quiz (text, or the quiz's JSON with --json) instead of taking it "
                   "interactively. --with-key implies it."},
    [OPT_LANG] = {"lang", 0, "LANG",
                  "Language of the interactive session (of show: its labels): ko (Korean) or en "
                  "(English). Default: "
                  "from LC_ALL, LC_MESSAGES or LANG (Korean when it starts with ko)."},
    [OPT_USER] = {"user", 'u', "NAME",
                  "Who takes it: a local profile name that keeps the person's attempts and "
                  "review cards (default: $USER). --person of grade is the same."},
    [OPT_DUE] = {"due", 0, NULL,
                 "List the review cards and when each is due, instead of "
                 "reviewing."},
    [OPT_ATTEMPT] = {"attempt", 0, "ID", "One attempt, by its number in `assay history`."},
    [OPT_USERS] = {"users", 0, "U1,U2",
                   "Several people (an assessor's view): a table and heat map of level per "
                   "topic per person."},
    [OPT_FORMAT] = {"format", 'f', "FORMAT", "text (default), html, json or csv."},
    [OPT_OUTPUT] = {"output", 'o', "FILE", "Write to FILE instead of standard output."},
    [OPT_RETENTION] = {"retention", 0, "R",
                       "The share of items to remember when they come due, 0.70 to 0.99 "
                       "(default 0.9): higher means shorter intervals."},
    [OPT_NO_DERIVED] = {"no-derived", 0, NULL,
                        "Leave out derived items: the questions assay grows from the document's "
                        "concept texts, sub-topic bullets and ordered steps (marked 'derived' in "
                        "`assay items`)."},
    [OPT_ASSESS_MAX] = {"max-items", 0, "N",
                        "The most questions the assessment asks (default 40, at most 500); it "
                        "stops earlier once every topic's level is decided."},
    [OPT_SCORE] = {"score", 0, "S",
                   "The assessor's score for the answer: 0 to 1 (0.8), N/M on the item's scale "
                   "(4/5) or a percentage (80%). It replaces the automatic score in item "
                   "analysis, calibration and reports; the automatic score is kept."},
    [OPT_BY] = {"by", 0, "NAME", "Who marks (required with --score); stored with the time."},
    [OPT_NOTE] = {"note", 0, "TEXT", "A note stored with the mark (at most 4000 bytes)."},
    [OPT_MARK_ALL] = {"all", 'a', NULL,
                      "List every free-text answer, marked or not, not only those that need "
                      "review."},
    [OPT_MARK_USER] = {"user", 'u', "NAME", "Only the answers of this person."},
    [OPT_LISTEN] = {"listen", 0, "HOST:PORT",
                    "Address to listen on (default: $ASSAY_LISTEN, else 127.0.0.1:8080; port 0 "
                    "picks a free one, printed with the URL)."},
    [OPT_WORKERS] = {"workers", 0, "N",
                     "Threads answering requests, 1 to 64 (default: $ASSAY_WORKERS, else 2)."},
    [OPT_BASE_URL] = {"base-url", 0, "URL",
                      "The URL people open, when it is not http://LISTEN (behind a proxy); an "
                      "https:// one makes the session cookie Secure. Default: $ASSAY_BASE_URL."},
    [OPT_TRUST_PROXY] = {"trust-proxy", 0, NULL,
                         "Believe X-Forwarded-For (the client's address, for rate limits) and "
                         "X-Forwarded-Proto (https: Secure cookies) from a proxy in front. Also "
                         "when $ASSAY_TRUST_PROXY is 1."},
    [OPT_TIMEOUT] = {"timeout", 0, "SECONDS",
                     "A connection that is idle, or has not sent its request's headers, this "
                     "long is closed, 1 to 3600 (default: $ASSAY_TIMEOUT, else 10)."},
    [OPT_RATE_LIMIT] = {"rate-limit", 0, "N",
                        "Requests per second per client address and per account, with bursts "
                        "of 2N; 0 turns it off (default: $ASSAY_RATE_LIMIT, else 100). "
                        "Sign-in is limited apart: 5 tries a minute per name, 30 per address."},
    [OPT_SERVERS] = {"servers", 0, "N",
                     "How many servers share the rate limits behind one load balancer: each "
                     "server allows 1/N of every limit, so N servers together allow about the "
                     "whole (default: $ASSAY_SERVERS, else 1)."},
    [OPT_SESSION_TTL] = {"session-ttl", 0, "SECONDS",
                         "How long a sign-in lasts (default: $ASSAY_SESSION_TTL, else 28800, "
                         "8 hours)."},
    [OPT_MAX_BODY] = {"max-body", 0, "BYTES",
                      "Largest request body; a larger one is refused with 413 (suffixes K, M; "
                      "default: $ASSAY_MAX_BODY, else 64K). A document upload has its own cap, "
                      "--max-upload."},
    [OPT_MAX_UPLOAD] = {"max-upload", 0, "BYTES",
                        "Largest knowledge document an admin may upload (POST "
                        "/api/v1/admin/kbs), as its JSON body (suffixes K, M; default: "
                        "$ASSAY_MAX_UPLOAD, else 4M)."},
    [OPT_FROM] = {"from", 0, "URL",
                  "For migrate: the bank to copy (a database URL, as --db). For restore: the "
                  "backup file to restore."},
    [OPT_TO] = {"to", 0, "URL",
                "For migrate: the bank to copy into, empty (a database URL, as --db). For "
                "backup: the new file to write."},
    [OPT_ROLE] = {"role", 0, "ROLE",
                  "For account add: the new account's role, learner (the default), assessor "
                  "(groups, invites, their members' results) or admin (also users, roles and "
                  "document uploads)."},
    [OPT_EXPORT_FORMAT] = {"format", 'f', "FORMAT",
                           "The export format (required): gift (Moodle GIFT), moodle-xml, qti21, "
                           "qti30 (IMS QTI content packages), anki (.apkg), anki-text (Anki's "
                           "text import), csv or json. docs/formats.md says what each carries."},
    [OPT_EXPORT_QUIZ] = {"quiz", 0, "FILE",
                         "Export this quiz (as printed by `assay quiz --print --json`; made "
                         "again from its seed and checked) instead of the bank's items."},
    [OPT_EXPORT_OUTPUT] = {"output", 'o', "PATH",
                           "Write to PATH (written whole or not at all); - or none: standard "
                           "output, refused for the zip formats when it is a terminal."},
};

const opt_id cli_global_opts[] = {OPT_HELP,    OPT_VERSION, OPT_NO_COLOR,
                                  OPT_VERBOSE, OPT_QUIET,   OPT__COUNT};

static const opt_id import_opts[] = {OPT_DB,       OPT_JSON,       OPT_KB,
                                     OPT_MAX_SIZE, OPT_DOC_FORMAT, OPT__COUNT};
static const opt_id check_opts[] = {OPT_JSON,  OPT_KB,         OPT_MAX_SIZE,
                                    OPT_MODEL, OPT_DOC_FORMAT, OPT__COUNT};
static const opt_id kbs_opts[] = {OPT_DB, OPT_JSON, OPT__COUNT};
static const opt_id topics_opts[] = {OPT_DB, OPT_JSON, OPT_KB, OPT__COUNT};
static const opt_id items_opts[] = {OPT_DB,   OPT_JSON, OPT_KB,        OPT_TOPIC,      OPT_LEVEL,
                                    OPT_KIND, OPT_ALL,  OPT_STEM_TYPE, OPT_NO_DERIVED, OPT__COUNT};
static const opt_id show_opts[] = {OPT_DB, OPT_JSON, OPT_LANG, OPT__COUNT};
static const opt_id overview_opts[] = {OPT_DB, OPT_JSON, OPT__COUNT};
static const opt_id quiz_opts[] = {OPT_DB,    OPT_JSON,  OPT_KB,      OPT_TOPIC,      OPT_LEVEL,
                                   OPT_COUNT, OPT_TYPES, OPT_OPTIONS, OPT_SEED,       OPT_WITH_KEY,
                                   OPT_PRINT, OPT_LANG,  OPT_USER,    OPT_NO_DERIVED, OPT__COUNT};
static const opt_id assess_opts[] = {OPT_DB,    OPT_JSON,    OPT_KB,         OPT_TOPIC,
                                     OPT_TYPES, OPT_OPTIONS, OPT_SEED,       OPT_ASSESS_MAX,
                                     OPT_LANG,  OPT_USER,    OPT_NO_DERIVED, OPT__COUNT};
static const opt_id review_opts[] = {OPT_DB,   OPT_JSON,  OPT_KB,         OPT_USER,
                                     OPT_DUE,  OPT_COUNT, OPT_TYPES,      OPT_RETENTION,
                                     OPT_SEED, OPT_LANG,  OPT_NO_DERIVED, OPT__COUNT};
static const opt_id resume_opts[] = {OPT_DB, OPT_JSON, OPT_USER, OPT_ATTEMPT, OPT_LANG, OPT__COUNT};
static const opt_id history_opts[] = {OPT_DB, OPT_JSON, OPT_USER, OPT_ALL, OPT_LANG, OPT__COUNT};
static const opt_id report_opts[] = {OPT_DB,     OPT_KB,     OPT_USER, OPT_USERS, OPT_ATTEMPT,
                                     OPT_FORMAT, OPT_OUTPUT, OPT_LANG, OPT__COUNT};
static const opt_id grade_opts[] = {OPT_DB,    OPT_JSON,   OPT_KB,     OPT_QUIZ, OPT_ANSWERS,
                                    OPT_PAIRS, OPT_RECORD, OPT_PERSON, OPT_USER, OPT__COUNT};
static const opt_id calibrate_opts[] = {
    OPT_DB,        OPT_JSON,      OPT_KB,     OPT_IRT_MODEL,
    OPT_RESPONSES, OPT_ID_COLUMN, OPT_PRIORS, OPT_INCLUDE_SIMULATED,
    OPT__COUNT};
static const opt_id analyze_opts[] = {OPT_DB, OPT_JSON, OPT_KB, OPT_REAL_ONLY, OPT__COUNT};
static const opt_id simulate_opts[] = {OPT_DB,        OPT_JSON,       OPT_KB,       OPT_TOPIC,
                                       OPT_EXAMINEES, OPT_MAX_ITEMS,  OPT_SIM_SEED, OPT_NO_STORE,
                                       OPT_SLOPES,    OPT_ALLOCATION, OPT__COUNT};
static const opt_id audit_opts[] = {OPT_DB,      OPT_JSON,       OPT_KB,    OPT_SEEDS,
                                    OPT_OPTIONS, OPT_NO_DERIVED, OPT__COUNT};
static const opt_id mark_opts[] = {OPT_DB,      OPT_JSON,      OPT_KB,       OPT_TOPIC,
                                   OPT_ATTEMPT, OPT_MARK_USER, OPT_MARK_ALL, OPT_SCORE,
                                   OPT_BY,      OPT_NOTE,      OPT_LANG,     OPT__COUNT};
static const opt_id serve_opts[] = {OPT_DB,          OPT_LISTEN,   OPT_WORKERS,    OPT_BASE_URL,
                                    OPT_TRUST_PROXY, OPT_TIMEOUT,  OPT_RATE_LIMIT, OPT_SERVERS,
                                    OPT_SESSION_TTL, OPT_MAX_BODY, OPT_MAX_UPLOAD, OPT__COUNT};
static const opt_id account_opts[] = {OPT_DB, OPT_JSON, OPT_ROLE, OPT__COUNT};
static const opt_id migrate_opts[] = {OPT_JSON, OPT_FROM, OPT_TO, OPT__COUNT};
static const opt_id backup_opts[] = {OPT_DB, OPT_JSON, OPT_TO, OPT__COUNT};
static const opt_id restore_opts[] = {OPT_DB, OPT_JSON, OPT_FROM, OPT__COUNT};
static const opt_id export_opts[] = {
    OPT_DB,    OPT_EXPORT_FORMAT, OPT_EXPORT_QUIZ, OPT_EXPORT_OUTPUT, OPT_KB,
    OPT_TOPIC, OPT_LEVEL,         OPT_KIND,        OPT_NO_DERIVED,    OPT__COUNT};
static const opt_id help_opts[] = {OPT__COUNT};

const cli_cmd_spec cli_cmds[] = {
    {"overview", "", "the bundled knowledge base's topics, item counts per level, how to start",
     "What `assay` with no command runs: shows the bundled knowledge base (from the binary "
     "when the bank does not hold it; nothing is written), lists its topics with the number of "
     "questions at each level, and the "
     "commands "
     "to go on with.",
     overview_opts, 0, 0},
    {"import", "FILE...",
     "import knowledge documents (Markdown) or question banks (GIFT, Moodle XML, CSV) into the "
     "bank",
     "Reads each FILE (- for standard input), parses topics, level blocks, Q/A pairs, scenarios "
     "and interview questions, and stores them. All files go in one transaction: if any file is "
     "bad, nothing is written. Importing an unchanged document writes nothing. A question "
     "without an answer is skipped with a warning naming file:line. Moodle GIFT, Moodle XML and "
     "CSV question banks are read too (--format): categories or the topic column give topics "
     "and levels, and multiple-choice questions keep their authored wrong options.",
     import_opts, 1, (size_t)-1},
    {"check", "FILE...",
     "parse knowledge documents and report what an import would find, without a database",
     "Parses each FILE like import does and prints its counts and warnings; with --json --model "
     "the whole knowledge model.",
     check_opts, 1, (size_t)-1},
    {"kbs", "", "list the knowledge bases in the bank",
     "One line per knowledge base: name, topics, items by kind, retired items, source.", kbs_opts,
     0, 0},
    {"topics", "", "list topics with item counts per level",
     "The active topics of every knowledge base (or of --kb), with the number of level Q/A "
     "items at each level, interview questions and scenarios.",
     topics_opts, 0, 0},
    {"items", "", "list items",
     "Items with their stable ids, filtered by knowledge base, topic, level and kind. Retired "
     "items only with --all.",
     items_opts, 0, 0},
    {"show", "ITEM", "show one item with its answer, sub-topics, provenance and versions",
     "ITEM is an item id or its first digits (at least 4).", show_opts, 1, 1},
    {"quiz", "",
     "take a quiz, or print one: multiple choice, true/false, cloze, matching, short answer, "
     "scenario",
     "Picks items by knowledge base, topic and level, shuffles them by the seed and gives "
     "them the asked-for types in turn, then asks them one at a time: answer by number, letter "
     "or text (true/false as o/x; matching as 1b 2a 3c); after each answer you see whether it "
     "was right, the correct option, the reference answer, the concepts covered and missed and "
     "where in the document it comes from; at the end the score by topic and type, the "
     "questions missed and what to do next. ? shows help, s skips, q quits. Without a terminal "
     "it reads one answer a line (with --json it prints JSON lines, docs/json.md). With --print "
     "(or --with-key) it prints the quiz instead. Distractors answer questions of the kind the "
     "stem asks, come from the same topic (at most one from a related topic), are of "
     "similar length and form, never paraphrase the key, and are chosen so that no naive "
     "strategy (longest, shortest, most words of the question, most alike, a fixed position) "
     "finds the key more often than chance (see `assay audit`). Without --with-key the output "
     "holds no key.",
     quiz_opts, 0, 0},
    {"assess", "", "take an adaptive level assessment, one question at a time",
     "Asks the most informative question for the topic whose level is least certain, updates "
     "the ability estimates after each answer and stops when every topic's level is decided or "
     "--max-items is reached. The progress line shows how many topics are decided. At the end: "
     "each topic's most probable level with its probability (\"Level 3, 78%\"), the "
     "probability of every level, and the ability with its uncertainty. Questions are multiple "
     "choice "
     "unless --types says otherwise; the same --seed and bank ask the same questions for the "
     "same answers. Answers as in `assay quiz`; s counts as not knowing. Without a terminal it "
     "reads one answer a line (with "
     "--json it prints JSON lines, docs/json.md).",
     assess_opts, 0, 0},
    {"review", "", "spaced review of the items you missed, scheduled by FSRS-6",
     "Asks the items of your review deck that are due now (answered wrongly in a quiz or an "
     "assessment, or due again after a review), soonest first. After each answer you see the "
     "feedback and when the item comes back; on a terminal you may rate how well you "
     "remembered (1 again, 2 hard, 3 good, 4 easy; Enter keeps the rating the answer earned). "
     "The schedule is FSRS-6 with its default parameters and a desired retention of --retention "
     "(0.9). --due lists the cards and when each is due instead.",
     review_opts, 0, 0},
    {"resume", "", "continue your last unfinished quiz, assessment or review",
     "Continues the newest unfinished attempt of --user (or --attempt ID) exactly where it "
     "stopped: the same questions in the same order with the same options, the same adaptive "
     "state. Answers given before stay as they were.",
     resume_opts, 0, 0},
    {"history", "", "your attempts: date, kind, answers, score, levels",
     "One line per attempt of --user (--all: everyone's), newest first: when it started, its "
     "kind, how many questions were answered, the score (partial credit counts) and, for a "
     "finished assessment, the level per topic (topic=level).",
     history_opts, 0, 0},
    {"report", "", "a report of one person or of a team: levels per topic, gaps, what to study",
     "For one person (--user, or --attempt ID): the per-topic level profile with the "
     "probability of each level, ability with its 90% interval, strengths and gaps, the items "
     "answered wrongly with the reference answer, a study list (document sections to read "
     "next) and the items due for review; with several attempts, each topic's ability over "
     "time. For several people (--users U1,U2): a table and heat map of level per topic per "
     "person. --format html writes one self-contained file (inline CSS and SVG, nothing loaded "
     "from the network, prints on A4); json and csv are documented in docs/json.md.",
     report_opts, 0, 0},
    {"grade", "", "grade a quiz's answers, or free-text answers collected elsewhere (--pairs)",
     "With --quiz and --answers: regenerates the quiz from its seed and checks it is the one "
     "given (the bank must not have changed), then grades each answer: multiple choice and "
     "true/false exactly, matching per pair, cloze with aliases and near misses (marked as "
     "typos), free text by the reference answer's concepts covered and missed. With --pairs: "
     "one JSON object a line in, one grade a line out; a malformed line is reported with its "
     "line number and nothing is graded.",
     grade_opts, 0, 0},
    {"audit", "", "measure the quality of generated questions against chance",
     "Generates every multiple-choice, true/false and cloze question the bank allows under "
     "each seed and reports how often naive strategies find the key (with the 99% binomial "
     "band around 1/k), the key positions and their chi-square, near-duplicate options, "
     "distractors from the item's own topic, particle cues after cloze blanks, true/false "
     "balance and generation time. Exit status 0 whether or not the targets are met; the JSON "
     "says which.",
     audit_opts, 0, 0},
    {"calibrate", "", "estimate item parameters (Rasch or 2PL) from the answers",
     "Marginal maximum likelihood by EM (Bock-Aitkin) with 61 quadrature nodes on [-6, 6]. On "
     "the bank: every stored answer of the knowledge base (attempts are the persons; each "
     "answered a few of many items), with priors that keep each item's difficulty near its "
     "level's (b = -1.5, -0.5, 0.5, 1.5 for Levels 1-4) and its slope near 1, so items with few "
     "answers stay near the prior; the parameters of items with at least 20 answers are stored "
     "with the number of answers they rest on and used by later assessments (with fewer, the "
     "data carry less than the prior does: such items keep their level's prior, with a "
     "warning). Simulated attempts are left out unless --include-simulated. With --responses: a "
     "CSV response matrix from "
     "another system, by maximum likelihood, stored nowhere; a malformed cell is reported with "
     "its line and column. Reports convergence and the log-likelihood.",
     calibrate_opts, 0, 0},
    {"analyze", "", "classical item analysis of the stored answers",
     "Per item, as Moodle defines them: facility, SD, discrimination index (correlation with "
     "the rest of the test), discriminative efficiency, item-total correlations, answers, choice "
     "rates per option (a distractor chosen by fewer than 5% does not function), and flags: "
     "negative discrimination, too easy (facility over 90%), too hard (under 20% or the random "
     "guess score), dubious efficiency (under 15%). Per quiz form: Cronbach's alpha, error "
     "ratio and the standard error of a score. Statistics come from fixed quizzes; answers in "
     "adaptive assessments are counted apart.",
     analyze_opts, 0, 0},
    {"simulate", "", "compare the adaptive assessment with fixed forms on simulated examinees",
     "Draws examinees with known overall and per-topic abilities (topic = overall + N(0, "
     "tau^2)), answers by the model, and runs the adaptive level assessment and two fixed forms "
     "of the same length (items at random; items balanced over topics) at several lengths up "
     "to --max-items. Reports per-topic level accuracy, ability RMSE and items used for each, "
     "and how many items each design needs to reach the others' accuracy. The full-length "
     "adaptive and random-form attempts are stored as simulated answers unless --no-store.",
     simulate_opts, 0, 0},
    {"mark", "[RESPONSE]", "review free-text grades the grader is unsure of, and mark them",
     "Without RESPONSE: the free-text answers (short answer, written scenario) whose grade "
     "needs review and that nobody has marked yet, oldest first, each with its RESPONSE "
     "(ATTEMPT:POSITION), the question, the reference answer, the answer, the automatic score "
     "with the grader's confidence and why it needs review; --all lists every free-text "
     "answer, marked or not; --kb, --topic, --user and --attempt narrow the list. With RESPONSE "
     "and --score S --by NAME [--note TEXT]: stores the assessor's mark with who and when, in "
     "one transaction. The automatic score is kept; item analysis, calibration and reports use "
     "the mark instead. A second mark of the same answer replaces the first and both stay in "
     "its history. With RESPONSE alone: the answer and its marks, the one that counts starred. "
     "A score outside 0 to 1 or a missing --by is a usage error (exit status 1); an answer "
     "that does not exist or is not free text is exit status 2; nothing is stored then.",
     mark_opts, 0, 1},
    {"serve", "",
     "run the web server: the browser interface and JSON API for learners, assessors and admins",
     "Serves the bank over HTTP: sign up and sign in (passwords kept as Argon2id hashes; a "
     "session cookie that is HttpOnly and SameSite=Strict, and Secure behind https), and the "
     "learner's JSON API under /api/v1 (knowledge bases, topics; start a quiz, an assessment or "
     "a review; the current question, answer, skip, finish; results, history and reports), "
     "described in docs/openapi.yaml. Also /healthz, /readyz (the database answers) and "
     "/metrics (Prometheus). Prints its URL, logs one line per request to standard error "
     "(method, path, status, duration, request id) and stops on SIGTERM or SIGINT after "
     "finishing the requests in flight (exit status 0). The bundled knowledge base is stored "
     "first if the bank lacks it. Roles: learner (the default of a sign-up), assessor and "
     "admin, set with `assay account` (the first admin is made there: assay account add NAME "
     "--role admin). Admins list the users and set their roles (an admin cannot lower their "
     "own) and upload knowledge documents (POST /api/v1/admin/kbs): a document is imported "
     "in one transaction like `assay import` (a bad one is refused naming its line, nothing "
     "stored), then the shared engine is rebuilt and swapped, while requests in flight "
     "finish on the old one. Assessors and admins read a knowledge base's items with their "
     "answers (GET /api/v1/kbs/KB/items).",
     serve_opts, 0, 0},
    {"account", "add NAME | role NAME ROLE | list",
     "the web server's accounts: create one, set its role, list them",
     "For the operator of `assay serve`, and the only way to make the first admin. add NAME "
     "[--role ROLE] creates an account: the password is the first line of standard input when "
     "it is not a terminal, else typed twice without echo (8 to 1024 bytes). role NAME ROLE "
     "sets the role: learner, assessor or admin; a sign-in sees it at its next request. list "
     "prints every account with its role and when it was made (--json: {\"accounts\": [{name, "
     "role, created_at}]}). A bad ROLE is a usage error (exit status 1); a taken or invalid "
     "name, a short password or an unknown account is exit status 2, and nothing is stored.",
     account_opts, 1, 3},
    {"migrate", "", "copy a whole bank to another database (SQLite to PostgreSQL, or back)",
     "Copies every table of the bank at --from into the empty bank at --to, ids and all: "
     "knowledge bases, items with their versions and history, people, accounts, attempts, "
     "presented questions, responses, marks, calibrations, review cards, groups and invites. "
     "The source is read in one snapshot, each table is one transaction of the target, and "
     "afterwards every table's row count and checksum are compared (printed; --json: {tables, "
     "copied, resumed, rows, checksum}). Run it again after an interruption and it goes on "
     "where it stopped. A target that holds anything else is refused (exit status 2) with "
     "nothing written.",
     migrate_opts, 0, 0},
    {"backup", "", "write a consistent copy of the bank into a new SQLite file",
     "Writes the bank (--db) into the new file --to while others may go on using it: SQLite's "
     "online backup API for an SQLite bank, a verified row copy for a PostgreSQL bank "
     "(pg_dump is PostgreSQL's own tool for that: docs/ARCHITECTURE.md). An existing file is "
     "refused (exit status 2).",
     backup_opts, 0, 0},
    {"restore", "", "restore a backup file into an empty bank",
     "Copies the backup file --from (written by assay backup) into the bank (--db), which must "
     "be empty, verified like migrate.",
     restore_opts, 0, 0},
    {"export", "",
     "export the bank's items or a quiz for Moodle, QTI platforms, Anki, spreadsheets",
     "Writes the selection (--kb, --topic, --level, --kind, --no-derived: the bank's active "
     "items, each as a short-answer question whose key is its reference answer) or a quiz "
     "(--quiz FILE) in --format: gift and moodle-xml for Moodle (categories per knowledge base, "
     "topic and level; multiple choice, true/false, cloze, matching, essay), qti21 and qti30 "
     "content packages for TAO, Canvas and Blackboard, anki (.apkg, one deck per topic and "
     "level, stable note ids) and anki-text for Anki, csv and json with documented columns "
     "(docs/formats.md). Nothing in the bank changes. An unknown format, or one this build "
     "lacks, is a usage error (exit status 1); an empty selection, an unknown knowledge base or "
     "topic, or a bad quiz file is exit status 2; an output that cannot be written is 5.",
     export_opts, 0, 0},
    {"help", "[COMMAND]", "show help for a command", "", help_opts, 0, 1},
};
const size_t cli_n_cmds = sizeof cli_cmds / sizeof cli_cmds[0];

const cli_text cli_env[] = {
    {"ASSAY_DB", "Database URL used when --db is not given."},
    {"XDG_DATA_HOME", "Where the default database lives: $XDG_DATA_HOME/assay/assay.db."},
    {"NO_COLOR", "When set to a non-empty value, output has no colour."},
    {"LANG", "With LC_ALL and LC_MESSAGES before it (the first one set counts): the language "
             "of quiz and assess, Korean when it starts with ko, else English."},
    {"ASSAY_LOCALEDIR", "Where the message catalogs are (default: the installed ones)."},
    {"ASSAY_LISTEN", "serve: the address to listen on when --listen is not given."},
    {"ASSAY_WORKERS", "serve: threads answering requests when --workers is not given."},
    {"ASSAY_BASE_URL", "serve: the public URL when --base-url is not given."},
    {"ASSAY_TRUST_PROXY", "serve: 1 to trust X-Forwarded-For and X-Forwarded-Proto."},
    {"ASSAY_TIMEOUT", "serve: connection timeout in seconds when --timeout is not given."},
    {"ASSAY_RATE_LIMIT", "serve: requests per second per address and account (0 = off)."},
    {"ASSAY_SERVERS", "serve: servers sharing the rate limits when --servers is not given."},
    {"ASSAY_SESSION_TTL", "serve: seconds a sign-in lasts when --session-ttl is not given."},
    {"ASSAY_MAX_BODY", "serve: the request body cap when --max-body is not given."},
    {"ASSAY_MAX_UPLOAD", "serve: the document upload cap when --max-upload is not given."},
    {"ASSAY_HUNSPELL_DIR", "Where the Korean Hunspell dictionary ko.aff and ko.dic is (default: "
                           "/usr/share/hunspell). Commands that open an engine stop with exit "
                           "status 2 when it is missing."},
    {"WNSEARCHDIR", "Where the WordNet 3.0 database is (else $WNHOME/dict, else "
                    "/usr/share/wordnet); missing: exit status 2, as above."},
    {NULL, NULL},
};

const cli_text cli_examples[] = {
    {"assay", "Show the bundled knowledge base and how to start."},
    {"assay import notes.md --json", "Import a document and report what changed, as JSON."},
    {"assay items --topic 3 --level 2", "Level 2 questions of topic 3."},
    {"assay items --kb architecture-scalability --kind scenario", "The practical scenarios."},
    {"assay show 4f2a", "One item, by the first digits of its id."},
    {"assay check draft.md", "Check a document before importing it."},
    {"assay quiz --topic 3 --level 2 -n 5 --seed 7 --print",
     "Print five questions on topic 3, Level 2."},
    {"assay quiz -t 3 -n 10", "Take ten questions on topic 3, with feedback after each."},
    {"assay quiz --lang en --types mcq,tf", "A quiz in English: multiple choice, true/false."},
    {"assay quiz --types mcq,cloze --print --json > quiz.json",
     "A quiz for another program, no key."},
    {"assay assess --topic 3 --topic 5 --max-items 20", "Your level in topics 3 and 5."},
    {"assay review", "Go through the items you missed that are due today."},
    {"assay review --due", "Which cards are due when."},
    {"assay resume", "Continue where you stopped (after q, Ctrl-C or a closed terminal)."},
    {"assay history --user kim", "Kim's attempts, with levels."},
    {"assay report --user kim --format html -o kim.html", "Kim's report as one HTML file."},
    {"assay report --users kim,lee,park --format csv", "Levels per topic of a team, as CSV."},
    {"assay assess --json --max-items 5 < answers.txt",
     "An assessment driven by a script: one answer a line in, JSON lines out."},
    {"assay grade --quiz quiz.json --answers answers.json", "Grade a learner's answers."},
    {"assay audit", "How often a test-wise guesser would find the keys."},
    {"assay grade --quiz quiz.json --answers answers.json --record --person kim",
     "Grade and store the answers, for item analysis and calibration."},
    {"assay mark", "The free-text answers whose grade needs a person, oldest first."},
    {"assay mark 12:3 --score 0.8 --by lee --note \"right, in other words\"",
     "Mark answer 3 of attempt 12; analysis and calibration use 0.8 from now on."},
    {"assay analyze", "Item statistics and flags from the stored answers."},
    {"assay calibrate --model rasch", "Estimate Rasch difficulties from the stored answers."},
    {"assay calibrate --responses scores.csv --json", "Calibrate a matrix from another system."},
    {"assay simulate --examinees 500 --max-items 45 --seed 1 --db /tmp/sim.db",
     "Adaptive versus fixed forms, on a scratch database."},
    {"ASSAY_LISTEN=0.0.0.0:8080 assay serve", "Run the web server for the whole network."},
    {"assay account add ahn --role admin", "Make the first admin (the password is asked twice)."},
    {"printf '%s\\n' \"$PW\" | assay account add kim", "A learner's account from a script."},
    {"assay account role kim assessor", "Let kim make groups and invites."},
    {"assay account list", "Every account with its role."},
    {"assay export --format gift -o bank.gift.txt", "The whole bank for Moodle's GIFT import."},
    {"assay quiz -n 20 --seed 7 --print --json > q.json && assay export --quiz q.json -f "
     "moodle-xml -o q.xml",
     "A generated quiz as Moodle XML."},
    {NULL, NULL},
};
