/*
 * okr — C ABI.
 *
 * Plain C99. Every fallible function returns okr_status (OKR_OK == 0, negative on error) and
 * leaves a human-readable, thread-local message in okr_last_error() naming the offending id or
 * field. Results go to out-parameters; nothing is written to them on error. No C++ exception
 * crosses this boundary.
 *
 * Ownership: each okr_<noun>_new / producing call is matched by one okr_<noun>_free; passing NULL
 * to a free function does nothing. `const char *` results are borrowed: valid until the handle
 * they came from is freed (or, for a graph, mutated).
 *
 * Thread-safety: any number of threads may run read-only calls (those taking `const okr_graph *`)
 * on one graph at the same time. A call taking a non-const `okr_graph *` needs exclusive access.
 * okr_last_error() is per thread. Distinct handles are independent; result handles are read-only
 * once returned and may be read from any number of threads (docs/c_api.md#thread-safety).
 *
 * Dates are "YYYY-MM-DD" strings; an `as_of` of NULL means today (UTC).
 */
#ifndef OKR_H
#define OKR_H

#include <math.h>   /* NAN */
#include <stddef.h>

#if defined(_WIN32)
#  if defined(OKR_BUILDING_LIBRARY)
#    define OKR_API __declspec(dllexport)
#  else
#    define OKR_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define OKR_API __attribute__((visibility("default")))
#else
#  define OKR_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes: fixed values, never reused ---- */
typedef enum okr_status {
    OKR_OK = 0,
    OKR_ERR_INVALID_ARGUMENT = -1, /* a value is out of range, malformed or inconsistent; a NULL pointer */
    OKR_ERR_NOT_FOUND = -2,        /* an id names nothing, or a node of the wrong kind */
    OKR_ERR_DUPLICATE = -3,        /* an id or link given twice */
    OKR_ERR_CYCLE = -4,            /* contributes links form a cycle (the message lists it) */
    OKR_ERR_PARSE = -5,            /* not JSON, not UTF-8, truncated, or a field of the wrong JSON type */
    OKR_ERR_VERSION = -6,          /* wrong "format" or unsupported "version" */
    OKR_ERR_BUFFER_TOO_SMALL = -7, /* a caller-provided buffer is too small */
    OKR_ERR_NO_MEMORY = -8,        /* allocation failed */
    OKR_ERR_INTERNAL = -9,         /* a bug in okr: please report it */
    OKR_ERR_LIMIT = -10            /* input beyond a limit of okr_load_options (the message names it) */
} okr_status;

typedef enum okr_kind { OKR_KIND_OBJECTIVE = 0, OKR_KIND_KEY_RESULT = 1 } okr_kind;

/* Progress status of a node as of a date (see docs/scoring.md). */
typedef enum okr_progress_status {
    OKR_PROGRESS_NO_DATA = 0,     /* objective with nothing to score (score is NaN) */
    OKR_PROGRESS_NOT_STARTED = 1, /* no check-in yet */
    OKR_PROGRESS_OFF_TRACK = 2,
    OKR_PROGRESS_AT_RISK = 3,
    OKR_PROGRESS_ON_TRACK = 4,
    OKR_PROGRESS_DONE = 5,
    OKR_PROGRESS_PLANNED = 6      /* its cycle has not started by the date (score is NaN; left out of roll-ups) */
} okr_progress_status;

typedef struct okr_graph okr_graph;   /* an organisation's goal graph */
typedef struct okr_scores okr_scores; /* every node's score as of one date */

/* ---- library ---- */
OKR_API const char *okr_version(void);              /* "0.1.0" */
/* never NULL; "" if no error yet on this thread. The text lives until the next failing call on
 * the same thread: copy it if you need it longer. */
OKR_API const char *okr_last_error(void);
OKR_API const char *okr_status_str(okr_status code); /* static text for a code */
OKR_API const char *okr_progress_status_str(okr_progress_status s); /* "on_track", ...; "" if unknown */

/* ---- graph ---- */
OKR_API okr_status okr_graph_new(okr_graph **out);
OKR_API void okr_graph_free(okr_graph *g);

/* Replaces the graph's contents with the JSON document (format "okr", version 1). On error the
 * graph is unchanged. `json` need not be NUL-terminated. */
OKR_API okr_status okr_graph_load_json(okr_graph *g, const char *json, size_t len);
OKR_API okr_status okr_graph_load_json_file(okr_graph *g, const char *path);

/* Limits on untrusted input (docs/reliability.md): exceeding one is OKR_ERR_LIMIT, the message
 * naming the limit, the value and where. Initialise with OKR_LOAD_OPTIONS_INIT or
 * okr_load_options_init (the defaults load a 1,000,000-node organisation); 0 is invalid. */
#define OKR_LOAD_OPTIONS_VERSION 1u
typedef struct okr_load_options {
    unsigned int version;       /* OKR_LOAD_OPTIONS_VERSION */
    size_t max_document_bytes;  /* the JSON text (4294967295) */
    size_t max_depth;           /* nesting of objects and arrays, unknown fields included (64; at least 4) */
    size_t max_id_bytes;        /* ids of cycles, objectives, key results, KPIs (256) */
    size_t max_text_bytes;      /* any other string (1048576) */
    size_t max_nodes;           /* objectives + key results (50000000) */
    size_t max_links;           /* (100000000) */
    size_t max_checkins;        /* (500000000) */
    size_t max_kpi_values;      /* observations over all KPIs (100000000) */
} okr_load_options;
#define OKR_LOAD_OPTIONS_INIT \
    {OKR_LOAD_OPTIONS_VERSION, 4294967295u, 64, 256, 1048576, 50000000, 100000000, 500000000, 100000000}
OKR_API void okr_load_options_init(okr_load_options *opts);
/* okr_graph_load_json / _file with limits; `opts` may be NULL (the defaults). */
OKR_API okr_status okr_graph_load_json_ex(okr_graph *g, const char *json, size_t len, const okr_load_options *opts);
OKR_API okr_status okr_graph_load_json_file_ex(okr_graph *g, const char *path, const okr_load_options *opts);

/* Serialises the graph; *out is NUL-terminated, *len excludes the NUL; free with okr_string_free.
 * `len` may be NULL. */
OKR_API okr_status okr_graph_to_json(const okr_graph *g, char **out, size_t *len);
OKR_API void okr_string_free(char *s);

OKR_API okr_status okr_graph_node_count(const okr_graph *g, size_t *out);

/* Appends a check-in to key result `kr_id`. `confidence`: NaN for none, else in [0, 1].
 * On error the graph is unchanged. */
OKR_API okr_status okr_graph_checkin(okr_graph *g, const char *kr_id, const char *date, double value,
                                     double confidence);

/* Extended check-in options (note, stage of a staged milestone). Initialise with
 * OKR_CHECKIN_OPTIONS_INIT or okr_checkin_options_init(); new fields are only ever appended. */
#define OKR_CHECKIN_OPTIONS_VERSION 1u
typedef struct okr_checkin_options {
    unsigned int version; /* OKR_CHECKIN_OPTIONS_VERSION */
    double confidence;    /* NaN: none */
    const char *note;     /* NULL: none */
    const char *stage;    /* staged milestones: the stage's id or title (docs/format.md); NULL otherwise */
} okr_checkin_options;
#define OKR_CHECKIN_OPTIONS_INIT {OKR_CHECKIN_OPTIONS_VERSION, NAN, NULL, NULL}
OKR_API void okr_checkin_options_init(okr_checkin_options *opts);
/* `opts` may be NULL (no confidence, note or stage). */
OKR_API okr_status okr_graph_checkin_ex(okr_graph *g, const char *kr_id, const char *date, double value,
                                        const okr_checkin_options *opts);

/* One check-in of a batch. Initialise each with OKR_CHECKIN_INIT (or set `version`); every
 * element of one batch has the same version, which also fixes the array's stride. */
#define OKR_CHECKIN_VERSION 1u
typedef struct okr_checkin {
    unsigned int version;   /* OKR_CHECKIN_VERSION */
    const char *key_result; /* the key result's id */
    const char *date;       /* "YYYY-MM-DD" */
    double value;
    double confidence;      /* NaN: none */
    const char *note;       /* NULL: none */
    const char *stage;      /* staged milestones: the stage's id or title (docs/format.md); NULL otherwise */
} okr_checkin;
#define OKR_CHECKIN_INIT {OKR_CHECKIN_VERSION, NULL, NULL, 0.0, NAN, NULL, NULL}
/* Appends `count` check-ins, all or nothing: every one is validated before any is stored; on
 * error the message names the first bad one ("check-ins[3]: ...") and the graph is unchanged.
 * `items` may be NULL when `count` is 0. */
OKR_API okr_status okr_graph_checkin_batch(okr_graph *g, const okr_checkin *items, size_t count);

/* CSV readers (docs/format.md#csv), all or nothing, errors naming the line and column:
 * check-ins (columns key_result, date, value, optional confidence, note, stage) appended to
 * the graph, and a weekly scorecard (one KPI per row, one column per week) whose KPIs are
 * added to the graph. `csv` need not be NUL-terminated. */
OKR_API okr_status okr_graph_load_checkins_csv(okr_graph *g, const char *csv, size_t len);
OKR_API okr_status okr_graph_load_scorecard_csv(okr_graph *g, const char *csv, size_t len);
/* The same with limits (okr_load_options; NULL: the defaults): text size, cell length, id
 * length, number of check-ins / KPI values. */
OKR_API okr_status okr_graph_load_checkins_csv_ex(okr_graph *g, const char *csv, size_t len, const okr_load_options *opts);
OKR_API okr_status okr_graph_load_scorecard_csv_ex(okr_graph *g, const char *csv, size_t len, const okr_load_options *opts);

/* Score (0..1; NaN for an objective with nothing to score) of node `id` as of `as_of`. */
OKR_API okr_status okr_graph_score(const okr_graph *g, const char *id, const char *as_of, double *out);
/* Progress status of node `id` as of `as_of`. */
OKR_API okr_status okr_graph_status(const okr_graph *g, const char *id, const char *as_of,
                                    okr_progress_status *out);

/* Id of node `i` (0 <= i < okr_graph_node_count; else OKR_ERR_NOT_FOUND), in the order
 * okr_graph_score_vector uses. *out is NUL-terminated and stays valid until the graph is next
 * changed or freed. */
OKR_API okr_status okr_graph_node_id(const okr_graph *g, size_t i, const char **out);

/* ---- bulk scores ---- */
/* Only the scores (as okr_scores_score gives them; NaN for an objective with nothing to score),
 * without pace, forecast or status, written to out[i] for node i. `capacity`: elements at `out`;
 * when it is smaller than the node count the call fails with OKR_ERR_BUFFER_TOO_SMALL and
 * writes no scores (call with out = NULL, capacity = 0 to learn the count). `count` (may be
 * NULL) receives the node count on success and with OKR_ERR_BUFFER_TOO_SMALL; on any other
 * error it is not written. Several times faster than okr_graph_scores. */
OKR_API okr_status okr_graph_score_vector(const okr_graph *g, const char *as_of, double *out, size_t capacity,
                                          size_t *count);
/* Scores every node as of `as_of`. The result does not refer to the graph afterwards. */
OKR_API okr_status okr_graph_scores(const okr_graph *g, const char *as_of, okr_scores **out);
OKR_API void okr_scores_free(okr_scores *s);

/* One node's results. Set `version` (OKR_NODE_SCORE_INIT) before calling okr_scores_get; fields
 * added in later versions are appended. Numbers that do not apply are NaN. */
#define OKR_NODE_SCORE_VERSION 1u
typedef struct okr_node_score {
    unsigned int version;       /* OKR_NODE_SCORE_VERSION */
    const char *id;             /* borrowed from the okr_scores handle */
    okr_kind kind;
    okr_progress_status status;
    double score;
    double expected;            /* share of the cycle elapsed */
    double forecast;            /* projected score at the cycle end */
    double forecast_low;        /* prediction interval (least-squares forecasts only) */
    double forecast_high;
    double p_target;            /* P(score at cycle end >= the policy's target score) */
    double overachievement;     /* how far the unclamped score goes beyond 1 (0 if not) */
    double value;               /* key result: current value */
    int regressing;             /* 1: metric: value beyond its start, away from the target; health: outside its limit */
    unsigned int checkins;      /* key result: check-ins on or before the date */
} okr_node_score;
#define OKR_NODE_SCORE_INIT {OKR_NODE_SCORE_VERSION, NULL, OKR_KIND_OBJECTIVE, OKR_PROGRESS_NO_DATA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0u}

OKR_API okr_status okr_scores_count(const okr_scores *s, size_t *out);
/* Index of node `id` in the result. */
OKR_API okr_status okr_scores_find(const okr_scores *s, const char *id, size_t *out);
OKR_API okr_status okr_scores_get(const okr_scores *s, size_t i, okr_node_score *out);
OKR_API okr_status okr_scores_id(const okr_scores *s, size_t i, const char **out);
OKR_API okr_status okr_scores_kind(const okr_scores *s, size_t i, okr_kind *out);
OKR_API okr_status okr_scores_score(const okr_scores *s, size_t i, double *out);
OKR_API okr_status okr_scores_status(const okr_scores *s, size_t i, okr_progress_status *out);
OKR_API okr_status okr_scores_forecast(const okr_scores *s, size_t i, double *out);

/* ---- alignment (docs/alignment.md) ---- */
typedef struct okr_alignment okr_alignment; /* an alignment report as of one date */

/* Options with the documented defaults; initialise with OKR_ALIGNMENT_OPTIONS_INIT or
 * okr_alignment_options_init(). New fields are only ever appended. */
#define OKR_ALIGNMENT_OPTIONS_VERSION 1u
typedef struct okr_alignment_options {
    unsigned int version;       /* OKR_ALIGNMENT_OPTIONS_VERSION */
    int max_objectives;         /* per owner and team per cycle (3) */
    int min_key_results;        /* per objective (2) */
    int max_key_results;        /* per objective (4) */
    double min_bottom_up_share; /* per team and overall (0.5) */
    int top_k;                  /* contributors / offenders per top objective (10) */
} okr_alignment_options;
#define OKR_ALIGNMENT_OPTIONS_INIT {OKR_ALIGNMENT_OPTIONS_VERSION, 3, 2, 4, 0.5, 10}
OKR_API void okr_alignment_options_init(okr_alignment_options *opts);

/* Runs the alignment analysis as of `as_of` (NULL: today). `opts` may be NULL (defaults). The
 * result does not refer to the graph afterwards; strings it returns live until okr_alignment_free. */
OKR_API okr_status okr_graph_alignment(const okr_graph *g, const char *as_of, const okr_alignment_options *opts,
                                       okr_alignment **out);
OKR_API void okr_alignment_free(okr_alignment *a);

/* Top-level objectives and orphans, by index. */
OKR_API okr_status okr_alignment_top_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_top(const okr_alignment *a, size_t i, const char **id);
OKR_API okr_status okr_alignment_orphan_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_orphan(const okr_alignment *a, size_t i, const char **id);
/* Fewest contributes hops from objective `id` to a top objective (0: top; -1: none); a key
 * result is OKR_ERR_NOT_FOUND (a node of the wrong kind). */
OKR_API okr_status okr_alignment_depth(const okr_alignment *a, const char *id, int *out);

/* Coverage rows: group_by is "all", "level" or "team". */
OKR_API okr_status okr_alignment_coverage_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_coverage(const okr_alignment *a, size_t i, const char **group_by, const char **group,
                                          size_t *objectives, size_t *aligned, double *share);

/* d score(top) / d score(node); 0 when `node` does not feed `top`. */
OKR_API okr_status okr_alignment_contribution(const okr_alignment *a, const char *top, const char *node, double *out);
OKR_API okr_status okr_alignment_contribution_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_contribution_at(const okr_alignment *a, size_t i, const char **top, const char **node,
                                                 double *value);

/* Findings: code ("orphan", "team_overloaded", ...), subject (node id, team or owner), node id
 * ("" for team / owner findings) and a message. */
OKR_API okr_status okr_alignment_finding_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_finding(const okr_alignment *a, size_t i, const char **code, const char **subject,
                                         const char **node, const char **message);

/* Team dependencies: `from` depends on `to` through `links` depends_on links. */
OKR_API okr_status okr_alignment_dependency_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_dependency(const okr_alignment *a, size_t i, const char **from, const char **to,
                                            size_t *links, int *reciprocated);
/* Dependency cycles between teams (strong components of two or more teams). */
OKR_API okr_status okr_alignment_cycle_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_cycle_size(const okr_alignment *a, size_t i, size_t *out);
OKR_API okr_status okr_alignment_cycle_team(const okr_alignment *a, size_t i, size_t j, const char **team);
/* Per team of the dependency graph: distinct dependents, links in, normalised betweenness. */
OKR_API okr_status okr_alignment_centrality_count(const okr_alignment *a, size_t *out);
OKR_API okr_status okr_alignment_centrality(const okr_alignment *a, size_t i, const char **team, size_t *dependents,
                                            size_t *links_in, double *betweenness);
/* At-risk exposure per top objective (same order as okr_alignment_top). */
OKR_API okr_status okr_alignment_exposure(const okr_alignment *a, size_t i, const char **top, double *at_risk_share,
                                          size_t *inputs);

/* ---- correlation (docs/correlation.md) ----
 * Series are column-major double arrays (rows = periods); NaN marks a missing value; an infinite
 * value is an error (OKR_ERR_INVALID_ARGUMENT naming its position). Lag k > 0: the driver leads
 * (driver at t - k against outcome at t). */
typedef enum okr_corr_method { OKR_CORR_PEARSON = 0, OKR_CORR_SPEARMAN = 1, OKR_CORR_KENDALL = 2 } okr_corr_method;

#define OKR_PAIR_STATS_VERSION 1u
typedef struct okr_pair_stats {
    unsigned int version; /* OKR_PAIR_STATS_VERSION */
    double r;             /* NaN with reason 1 (too few pairs) or 2 (a constant series) */
    size_t n;             /* pairwise-complete observations */
    double p;             /* two-sided p-value */
    double ci_low;        /* Fisher-z interval at the requested level */
    double ci_high;
    int reason;           /* 0 ok, 1 too few, 2 constant */
} okr_pair_stats;
#define OKR_PAIR_STATS_INIT {OKR_PAIR_STATS_VERSION, 0, 0, 0, 0, 0, 0}

/* r matrix of the `cols` columns of `data` (rows × cols, column-major) into `out` (cols × cols,
 * exactly symmetric), as pandas DataFrame.corr with min_periods. */
OKR_API okr_status okr_corr_matrix(const double *data, size_t rows, size_t cols, okr_corr_method method, int min_periods,
                                   double *out);
/* One pair of series of length n; `level` in (0, 1). */
OKR_API okr_status okr_correlate_pair(const double *x, const double *y, size_t n, okr_corr_method method, int min_periods,
                                      double level, okr_pair_stats *out);
/* One okr_pair_stats per lag into `out` (nlags entries, each with its version set). */
OKR_API okr_status okr_lagged_correlation(const double *driver, const double *outcome, size_t n, const int *lags,
                                          size_t nlags, okr_corr_method method, int min_periods, double level,
                                          okr_pair_stats *out);
/* The same with a choice of normalisation: OKR_LAG_PAIRWISE (the default above: r of the
 * overlapping pairs) or OKR_LAG_CCF (statsmodels' ccf(outcome, driver, adjusted=True): full-sample
 * means and standard deviations; complete series and OKR_CORR_PEARSON only; for comparison). */
typedef enum okr_lag_normalization { OKR_LAG_PAIRWISE = 0, OKR_LAG_CCF = 1 } okr_lag_normalization;
OKR_API okr_status okr_lagged_correlation_ex(const double *driver, const double *outcome, size_t n, const int *lags,
                                             size_t nlags, okr_corr_method method, int min_periods, double level,
                                             okr_lag_normalization normalization, okr_pair_stats *out);
/* Leading indicators: every column of `drivers` (rows x cols, column-major) against `outcome`
 * (rows). Options: initialise with OKR_LEAD_OPTIONS_INIT / okr_lead_options_init. */
typedef enum okr_transform { OKR_TRANSFORM_NONE = 0, OKR_TRANSFORM_DIFF = 1, OKR_TRANSFORM_DETREND = 2 } okr_transform;
typedef enum okr_correction { OKR_CORRECTION_FDR_BH = 0, OKR_CORRECTION_BONFERRONI = 1 } okr_correction;
#define OKR_LEAD_OPTIONS_VERSION 2u
typedef struct okr_lead_options {
    unsigned int version;   /* OKR_LEAD_OPTIONS_VERSION */
    const int *lags;        /* NULL: lags 0..12 */
    size_t nlags;
    okr_corr_method method; /* OKR_CORR_SPEARMAN */
    okr_transform transform;/* OKR_TRANSFORM_NONE */
    int adjust;             /* 1: effective sample size (default) */
    double alpha;           /* 0.05 */
    double level;           /* 0.95 */
    int min_periods;        /* 3 */
    const char *period;     /* unit in verdicts; NULL: "period" */
    okr_correction correction; /* version >= 2: across every driver x lag (OKR_CORRECTION_FDR_BH) */
} okr_lead_options;
#define OKR_LEAD_OPTIONS_INIT \
    {OKR_LEAD_OPTIONS_VERSION, NULL, 0, OKR_CORR_SPEARMAN, OKR_TRANSFORM_NONE, 1, 0.05, 0.95, 3, NULL, OKR_CORRECTION_FDR_BH}
OKR_API void okr_lead_options_init(okr_lead_options *opts);

typedef struct okr_lead_result okr_lead_result; /* one row per driver, sorted by q then |r| */
#define OKR_LEAD_ROW_VERSION 1u
typedef struct okr_lead_row {
    unsigned int version; /* OKR_LEAD_ROW_VERSION */
    size_t driver;        /* column index into `drivers` */
    const char *name;     /* borrowed from the result */
    int lag;
    okr_pair_stats stats; /* set stats.version too (OKR_LEAD_ROW_INIT does) */
    double q;
    double n_eff;
    double slope, slope_low, slope_high;
    int trending;
    int low_confidence;
    const char *verdict;  /* borrowed from the result */
} okr_lead_row;
#define OKR_LEAD_ROW_INIT {OKR_LEAD_ROW_VERSION, 0, NULL, 0, OKR_PAIR_STATS_INIT, 0, 0, 0, 0, 0, 0, 0, NULL}

/* `names`: cols driver names (NULL: "x0", "x1", ...); `outcome_name` NULL: "outcome". */
OKR_API okr_status okr_leading_indicators(const double *drivers, size_t rows, size_t cols, const double *outcome,
                                          const char *const *names, const char *outcome_name,
                                          const okr_lead_options *opts, okr_lead_result **out);
OKR_API void okr_lead_result_free(okr_lead_result *r);
OKR_API okr_status okr_lead_result_count(const okr_lead_result *r, size_t *out);
OKR_API okr_status okr_lead_result_get(const okr_lead_result *r, size_t i, okr_lead_row *out);

/* The same scan on the graph's KPIs bucketed to `freq` ("D", "W", "MS", "QS"; NULL: "W"):
 * `outcome` is a KPI id; `drivers` (n_drivers ids) the KPIs to scan, NULL/0: every other KPI.
 * Unknown ids give OKR_ERR_NOT_FOUND naming them. */
OKR_API okr_status okr_graph_leading_indicators(const okr_graph *g, const char *outcome, const char *const *drivers,
                                                size_t n_drivers, const char *freq, const okr_lead_options *opts,
                                                okr_lead_result **out);

/* The graph's KPI series bucketed to `freq` ("D", "W", "MS", "QS"; NULL: "W"): periods x KPIs,
 * column-major, NaN where a period has no observation. */
typedef struct okr_kpi_matrix okr_kpi_matrix;
OKR_API okr_status okr_graph_kpis(const okr_graph *g, const char *freq, okr_kpi_matrix **out);
OKR_API void okr_kpi_matrix_free(okr_kpi_matrix *m);
OKR_API okr_status okr_kpi_matrix_shape(const okr_kpi_matrix *m, size_t *periods, size_t *kpis);
/* "YYYY-MM-DD" start of period i (borrowed from the handle). */
OKR_API okr_status okr_kpi_matrix_period(const okr_kpi_matrix *m, size_t i, const char **start);
OKR_API okr_status okr_kpi_matrix_id(const okr_kpi_matrix *m, size_t j, const char **id);
/* The values, periods x kpis column-major, valid until okr_kpi_matrix_free. */
OKR_API okr_status okr_kpi_matrix_values(const okr_kpi_matrix *m, const double **values);

/* The EOS scorecard as of `as_of` (NULL: today): the graph's KPIs over the trailing periods, each
 * cell on or off the goal in force on the period's last day (docs/scorecard.md).
 * Options: NULL for the defaults, or initialised with OKR_SCORECARD_OPTIONS_INIT /
 * okr_scorecard_options_init. freq: NULL for the frequency the selected KPIs share (different
 * ones are OKR_ERR_INVALID_ARGUMENT), or "W", "MS", "QS". team/owner: NULL or "" for all. */
typedef struct okr_scorecard okr_scorecard;
#define OKR_SCORECARD_OPTIONS_VERSION 1u
typedef struct okr_scorecard_options {
    unsigned int version; /* OKR_SCORECARD_OPTIONS_VERSION */
    int periods;          /* trailing periods, 1 to 1000 (13) */
    const char *freq;
    const char *team;
    const char *owner;
} okr_scorecard_options;
#define OKR_SCORECARD_OPTIONS_INIT {OKR_SCORECARD_OPTIONS_VERSION, 13, NULL, NULL, NULL}
OKR_API void okr_scorecard_options_init(okr_scorecard_options *opts);
OKR_API okr_status okr_graph_scorecard(const okr_graph *g, const char *as_of, const okr_scorecard_options *opts,
                                       okr_scorecard **out);
OKR_API void okr_scorecard_free(okr_scorecard *sc);
OKR_API okr_status okr_scorecard_shape(const okr_scorecard *sc, size_t *kpis, size_t *periods);
/* KPI i's id and period j's "YYYY-MM-DD" start (oldest first), borrowed from the handle. */
OKR_API okr_status okr_scorecard_kpi(const okr_scorecard *sc, size_t i, const char **id);
OKR_API okr_status okr_scorecard_period(const okr_scorecard *sc, size_t j, const char **start);
/* The values, kpis x periods row-major (NaN: no value), valid until okr_scorecard_free. */
OKR_API okr_status okr_scorecard_values(const okr_scorecard *sc, const double **values);
/* Cell (i, j): 1 on goal, 0 off goal, -1 no verdict (no value, or no goal in force). */
OKR_API okr_status okr_scorecard_on_goal(const okr_scorecard *sc, size_t i, size_t j, int *on_goal);
/* KPI i's summary (initialise with OKR_SCORECARD_ROW_INIT); strings borrowed from the handle. */
#define OKR_SCORECARD_ROW_VERSION 1u
typedef struct okr_scorecard_row {
    unsigned int version;  /* OKR_SCORECARD_ROW_VERSION */
    const char *goal;      /* the goal in force in the last period as written: ">= 5", "3-5" with an en dash, "< 3 or > 5" */
    double avg_4, avg_13;  /* means of the last 4 / 13 periods' values, missing left out (none: NaN) */
    double total;          /* sum over the window (none: NaN) */
    double on_goal_share;  /* on-goal cells / cells with a verdict (none: NaN) */
    double trend;          /* least-squares slope per period (fewer than 2 values: NaN) */
    int off_goal_streak;   /* consecutive off-goal periods ending with the newest verdict */
} okr_scorecard_row;
#define OKR_SCORECARD_ROW_INIT {OKR_SCORECARD_ROW_VERSION, NULL, 0, 0, 0, 0, 0, 0}
OKR_API okr_status okr_scorecard_row_get(const okr_scorecard *sc, size_t i, okr_scorecard_row *out);

/* EOS Rocks (docs/rocks.md). A Rock is an objective with flavor "rock". */
typedef enum okr_rock_state {
    OKR_ROCK_OPEN = 0,
    OKR_ROCK_DONE = 1,
    OKR_ROCK_NOT_DONE = 2,
    OKR_ROCK_CANCELED = 3
} okr_rock_state;
typedef enum okr_rock_report_status {
    OKR_REPORT_NONE = -1, /* in okr_rock_row.reported: no report on or before the date */
    OKR_REPORT_ON_TRACK = 0,
    OKR_REPORT_OFF_TRACK = 1
} okr_rock_report_status;
/* Computed status: the state once closed; planned before the cycle starts; otherwise off track
 * when a milestone is overdue or the Rock's scoring status is at risk / off track. */
typedef enum okr_rock_status {
    OKR_ROCK_STATUS_PLANNED = 0,
    OKR_ROCK_STATUS_ON_TRACK = 1,
    OKR_ROCK_STATUS_OFF_TRACK = 2,
    OKR_ROCK_STATUS_DONE = 3,
    OKR_ROCK_STATUS_NOT_DONE = 4,
    OKR_ROCK_STATUS_CANCELED = 5
} okr_rock_status;

/* Records the owner's report on Rock `rock_id` ("YYYY-MM-DD"; note may be NULL). A node that is
 * not a Rock, or a status outside the enum, is an error; the graph is then unchanged. */
OKR_API okr_status okr_graph_report_rock(okr_graph *g, const char *rock_id, const char *date, okr_rock_report_status status,
                                         const char *note);
/* Closes (or reopens) Rock `rock_id`. */
OKR_API okr_status okr_graph_set_rock_state(okr_graph *g, const char *rock_id, okr_rock_state state);
/* Sets the Rock of an earlier cycle that `rock_id` continues (NULL or "": none). */
OKR_API okr_status okr_graph_set_carried_from(okr_graph *g, const char *rock_id, const char *from_id);

/* Every Rock as of `as_of` (NULL: today), in document order, with its milestones and findings.
 * The handle owns its strings and outlives the graph. */
typedef struct okr_rocks okr_rocks;
OKR_API okr_status okr_graph_rocks(const okr_graph *g, const char *as_of, okr_rocks **out);
OKR_API void okr_rocks_free(okr_rocks *r);
OKR_API okr_status okr_rocks_count(const okr_rocks *r, size_t *rocks);
#define OKR_ROCK_ROW_VERSION 1u
typedef struct okr_rock_row {
    unsigned int version;    /* OKR_ROCK_ROW_VERSION */
    const char *id, *title, *owner, *team, *cycle; /* "" when not given */
    okr_rock_state state;
    okr_rock_status status;
    okr_rock_report_status reported; /* the latest report on or before the date */
    const char *reported_on; /* its date, or NULL */
    double score, forecast;  /* NaN: nothing to score */
    int milestones_done, milestones_total, overdue_milestones;
    const char *carried_from; /* NULL: none */
    int times_carried;        /* length of the carried_from chain */
} okr_rock_row;
#define OKR_ROCK_ROW_INIT {OKR_ROCK_ROW_VERSION, NULL, NULL, NULL, NULL, NULL, OKR_ROCK_OPEN, OKR_ROCK_STATUS_ON_TRACK, \
                           OKR_REPORT_NONE, NULL, 0, 0, 0, 0, 0, NULL, 0}
OKR_API okr_status okr_rocks_row_get(const okr_rocks *r, size_t i, okr_rock_row *out);
/* Milestone j of Rock i: a stage of a staged milestone key result or a milestone key result. */
#define OKR_MILESTONE_VERSION 1u
typedef struct okr_milestone {
    unsigned int version;     /* OKR_MILESTONE_VERSION */
    const char *key_result;   /* the key result's id */
    const char *title;        /* the stage's title (else id), or the key result's title */
    const char *due;          /* "YYYY-MM-DD", or NULL */
    double progress;          /* the latest progress on or before the date (0 without a check-in) */
    int done, overdue;        /* progress >= 1; due before the date and not done */
} okr_milestone;
#define OKR_MILESTONE_INIT {OKR_MILESTONE_VERSION, NULL, NULL, NULL, 0, 0, 0}
OKR_API okr_status okr_rocks_milestone_count(const okr_rocks *r, size_t i, size_t *count);
OKR_API okr_status okr_rocks_milestone_get(const okr_rocks *r, size_t i, size_t j, okr_milestone *out);
/* Findings: code "rock_status_disputed", "due_outside_cycle" or "too_many_rocks"; subject: the
 * Rock's id or the owner; milestone: "" if none. Strings borrowed from the handle. */
OKR_API okr_status okr_rocks_finding_count(const okr_rocks *r, size_t *count);
OKR_API okr_status okr_rocks_finding_get(const okr_rocks *r, size_t i, const char **code, const char **subject,
                                         const char **milestone, const char **message);
/* Completion per cycle and group: by "owner", "team" or "company"; cycle NULL or "" for every
 * cycle. Rates are done / (rocks - canceled); an open Rock of an ended cycle counts as not done. */
typedef struct okr_rock_completion okr_rock_completion;
OKR_API okr_status okr_rocks_completion(const okr_rocks *r, const char *by, const char *cycle, okr_rock_completion **out);
OKR_API void okr_rock_completion_free(okr_rock_completion *c);
OKR_API okr_status okr_rock_completion_count(const okr_rock_completion *c, size_t *rows);
OKR_API okr_status okr_rock_completion_get(const okr_rock_completion *c, size_t i, const char **cycle, const char **group,
                                           size_t *rocks, size_t *done, size_t *not_done, size_t *open, size_t *canceled,
                                           double *rate);

/* The OKR coach (docs/coach.md): lint findings on key results and objectives, by rules whose
 * codes, severities and word lists are a JSON rule table. */
typedef enum okr_severity { OKR_SEVERITY_ERROR = 0, OKR_SEVERITY_WARNING = 1, OKR_SEVERITY_INFO = 2 } okr_severity;
OKR_API const char *okr_severity_str(okr_severity s); /* "error", "warning", "info"; "" if unknown */
typedef struct okr_lint_rules okr_lint_rules;
/* The bundled English rule table as JSON (static, NUL-terminated). */
OKR_API const char *okr_lint_rules_default_json(void);
/* A rule table from JSON text (format "okr-lint-rules"; by default extending the bundled one).
 * Errors name the entry: OKR_ERR_PARSE (not JSON), OKR_ERR_VERSION, OKR_ERR_INVALID_ARGUMENT
 * (unknown code, severity or field; a malformed word list). */
OKR_API okr_status okr_lint_rules_from_json(const char *json, size_t len, okr_lint_rules **out);
OKR_API void okr_lint_rules_free(okr_lint_rules *rules);
#define OKR_LINT_OPTIONS_VERSION 1u
typedef struct okr_lint_options {
    unsigned int version;         /* OKR_LINT_OPTIONS_VERSION */
    const okr_lint_rules *rules;  /* NULL: the bundled table; borrowed for the call only */
    okr_severity min_severity;    /* keep findings at least this severe (OKR_SEVERITY_INFO: all) */
} okr_lint_options;
#define OKR_LINT_OPTIONS_INIT {OKR_LINT_OPTIONS_VERSION, NULL, OKR_SEVERITY_INFO}
OKR_API void okr_lint_options_init(okr_lint_options *opts);
typedef struct okr_lint_result okr_lint_result;
/* Lints the graph; `opts` may be NULL. The result owns its strings and outlives the graph. */
OKR_API okr_status okr_graph_lint(const okr_graph *g, const okr_lint_options *opts, okr_lint_result **out);
OKR_API void okr_lint_result_free(okr_lint_result *r);
OKR_API okr_status okr_lint_result_count(const okr_lint_result *r, size_t *count);
#define OKR_LINT_FINDING_VERSION 1u
typedef struct okr_lint_finding {
    unsigned int version;  /* OKR_LINT_FINDING_VERSION */
    const char *code;      /* "kr_task_like", ... (docs/coach.md) */
    okr_severity severity;
    const char *id;        /* the node's id, or the owner / team ("" : the organisation) */
    const char *field;     /* "title", "why_now", ... ("" when none applies) */
    const char *message, *question, *suggestion; /* suggestion: "" when none */
} okr_lint_finding;
#define OKR_LINT_FINDING_INIT {OKR_LINT_FINDING_VERSION, NULL, OKR_SEVERITY_WARNING, NULL, NULL, NULL, NULL, NULL}
/* Finding i (strings borrowed from the result). */
OKR_API okr_status okr_lint_result_get(const okr_lint_result *r, size_t i, okr_lint_finding *out);

/* Ordinary least squares of y on the columns of X (rows x cols, column-major; NaN rows dropped),
 * as statsmodels OLS: an intercept "const" first when add_intercept; cov_type "nonrobust" (NULL)
 * or "HAC" (Newey-West; maxlags < 0: floor(4 (n/100)^(2/9))). */
typedef struct okr_ols_result okr_ols_result;
OKR_API okr_status okr_ols(const double *X, size_t rows, size_t cols, const double *y, const char *const *names,
                           int add_intercept, const char *cov_type, int maxlags, okr_ols_result **out);
OKR_API void okr_ols_result_free(okr_ols_result *r);
OKR_API okr_status okr_ols_param_count(const okr_ols_result *r, size_t *out);
/* Parameter i: name (borrowed), coefficient, standard error, t (or z) value, two-sided p-value. */
OKR_API okr_status okr_ols_param(const okr_ols_result *r, size_t i, const char **name, double *param, double *bse,
                                 double *tvalue, double *pvalue);
OKR_API okr_status okr_ols_fit(const okr_ols_result *r, double *rsquared, double *rsquared_adj, size_t *nobs,
                               double *df_resid);
/* Partial correlation of x and y (n each) given k covariates (n x k, column-major; may be NULL
 * when k = 0), by the residual method; Pearson or Spearman. */
OKR_API okr_status okr_partial_correlation(const double *x, const double *y, size_t n, const double *covariates,
                                           size_t k, okr_corr_method method, int min_periods, double level,
                                           okr_pair_stats *out);
/* Rolling Pearson correlation over `window` periods into out (n values; NaN where undefined);
 * min_periods < 0: window. */
OKR_API okr_status okr_rolling_correlation(const double *x, const double *y, size_t n, int window, int min_periods,
                                           double *out);

/* Every unordered pair of the cols columns of `data` (i < j in row-major order of the upper
 * triangle) with its statistics and adjusted p-value q across all pairs. */
typedef struct okr_pair_table okr_pair_table;
OKR_API okr_status okr_correlate_all(const double *data, size_t rows, size_t cols, okr_corr_method method, int min_periods,
                                     double level, okr_correction correction, okr_pair_table **out);
OKR_API void okr_pair_table_free(okr_pair_table *t);
OKR_API okr_status okr_pair_table_count(const okr_pair_table *t, size_t *out);
OKR_API okr_status okr_pair_table_get(const okr_pair_table *t, size_t i, size_t *x, size_t *y, okr_pair_stats *stats,
                                      double *q);

/* Benjamini-Hochberg q-values of n p-values (NaN stays NaN) into q. */
OKR_API okr_status okr_bh_qvalues(const double *p, size_t n, double *q);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OKR_H */
