/**
 * @file
 * @brief okr — C ABI.
 *
 * Plain C99. Every fallible function returns okr_status (OKR_OK == 0, negative on error) and
 * leaves a human-readable, thread-local message in okr_last_error() naming the offending id or
 * field. Results go to out-parameters; nothing is written to them on error. No C++ exception
 * crosses this boundary.
 *
 * Ownership: each `okr_<noun>_new` / producing call is matched by one `okr_<noun>_free`;
 * passing NULL to a free function does nothing. `const char *` results are borrowed: valid until the handle
 * they came from is freed (or, for a graph, mutated).
 *
 * Thread-safety: any number of threads may run read-only calls (those taking `const okr_graph *`)
 * on one graph at the same time. A call taking a non-const `okr_graph *` needs exclusive access.
 * okr_last_error() is per thread. Distinct handles are independent; result handles are read-only
 * once returned and may be read from any number of threads (`docs/c_api.md#thread-safety`).
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
/**
 * @def OKR_API
 * Marks a function of the C ABI: exported from the shared library (imported by its users on
 * Windows; default visibility with GCC and Clang).
 */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @name Status codes and common types
 * Status codes are fixed values, never reused.
 */
/** @{ */

/**
 * Result of every fallible function: OKR_OK (0) on success, a negative code on error.
 *
 * On error okr_last_error() holds a message naming the offending argument, id or field, and the
 * out-parameters are not written. okr_status_str() names a code.
 */
typedef enum okr_status {
    OKR_OK = 0,                    /**< Success. */
    OKR_ERR_INVALID_ARGUMENT = -1, /**< A value is out of range, malformed or inconsistent; a NULL pointer. */
    OKR_ERR_NOT_FOUND = -2,        /**< An id names nothing, or a node of the wrong kind; an index is out of
                                        range; a file cannot be opened. */
    OKR_ERR_DUPLICATE = -3,        /**< An id or link given twice. */
    OKR_ERR_CYCLE = -4,            /**< Contributes links, or Rocks' carried_from links, form a cycle (the
                                        message lists it). */
    OKR_ERR_PARSE = -5,            /**< Not JSON, not UTF-8, truncated, or a field of the wrong JSON type;
                                        malformed CSV. */
    OKR_ERR_VERSION = -6,          /**< Wrong "format" or unsupported "version"; an unknown `version` of a
                                        versioned struct. */
    OKR_ERR_BUFFER_TOO_SMALL = -7, /**< A caller-provided buffer is too small. */
    OKR_ERR_NO_MEMORY = -8,        /**< Allocation failed. Listed for every function that allocates; a
                                        failing call may also report it in place of its own code when its
                                        error message cannot be built. */
    OKR_ERR_INTERNAL = -9,         /**< A bug in okr: please report it. Any function returning okr_status
                                        may return it; it is not listed for each function. */
    OKR_ERR_LIMIT = -10            /**< Input beyond a limit of okr_load_options, or a KPI matrix beyond 2^28
                                        cells (the message names it). */
} okr_status;

/** Short spellings of two codes, as docs/reliability.md and its catalogue name them: the same
 * values, so `status == OKR_E_LIMIT` and `status == OKR_ERR_LIMIT` are one test. Macros, not
 * enumerators, so that okr_status itself is unchanged. */
#define OKR_E_LIMIT OKR_ERR_LIMIT
/** Same as OKR_ERR_NO_MEMORY: allocation failed. */
#define OKR_E_NOMEM OKR_ERR_NO_MEMORY

/** Kind of a node of the graph. */
typedef enum okr_kind { OKR_KIND_OBJECTIVE = 0, OKR_KIND_KEY_RESULT = 1 } okr_kind;
/** @var OKR_KIND_OBJECTIVE
 * An objective. */
/** @var OKR_KIND_KEY_RESULT
 * A key result. */

/** Progress status of a node as of a date (see docs/scoring.md). */
typedef enum okr_progress_status {
    OKR_PROGRESS_NO_DATA = 0,     /**< Objective with nothing to score (score is NaN). */
    OKR_PROGRESS_NOT_STARTED = 1, /**< No check-in yet. */
    OKR_PROGRESS_OFF_TRACK = 2,   /**< Forecast (or pace) below the policy's at-risk threshold. */
    OKR_PROGRESS_AT_RISK = 3,     /**< Forecast (or pace) between the at-risk and on-track thresholds. */
    OKR_PROGRESS_ON_TRACK = 4,    /**< Forecast (or pace) at or above the on-track threshold. */
    OKR_PROGRESS_DONE = 5,        /**< Score 1 or more (never for a health key result). */
    OKR_PROGRESS_PLANNED = 6      /**< Its cycle has not started by the date (score is NaN; left out of
                                       roll-ups). */
} okr_progress_status;

typedef struct okr_graph okr_graph;   /**< An organisation's goal graph (opaque; okr_graph_new()). */
typedef struct okr_scores okr_scores; /**< Every node's score as of one date (opaque; okr_graph_scores()). */

/** @} */

/**
 * @name Library
 * Version, error messages and the names of codes.
 */
/** @{ */

/**
 * Returns the release of the library loaded at run time.
 *
 * The text is a release number such as "0.1.0". It names the library actually loaded, which may
 * be a later release than the one whose header the caller was compiled against.
 *
 * @return The release, a static NUL-terminated string; never NULL.
 * @par Ownership
 * Static text: nothing to free; valid for the life of the process.
 * @par Thread-safety
 * Safe from any thread: uses no shared state.
 */
OKR_API const char *okr_version(void);              /* "0.1.0" */
/**
 * Returns the message of the last failing call on the calling thread.
 *
 * The message names the offending argument, id or field, such as `argument "kr_id" must not be
 * NULL`. Successful calls do not clear it, so read it only after a call returned an error. If
 * the message of a failure could not be stored (out of memory), the text says so instead of
 * showing an earlier call's message.
 *
 * @return The message, NUL-terminated; "" if no call has failed on this thread yet. Never NULL.
 * @par Ownership
 * Borrowed from the calling thread: the text lives until the next failing call on the same
 * thread. Copy it if you need it longer; do not free it.
 * @par Thread-safety
 * Per thread: each thread has its own message, and failures on other threads never change it.
 */
OKR_API const char *okr_last_error(void);
/**
 * Returns the name of a status code.
 *
 * @param code The status code.
 * @return Static text for the code ("ok", "invalid argument", "not found", ...; the table in
 *         docs/c_api.md), or "unknown status" for a value that is not an okr_status. Never NULL.
 * @par Ownership
 * Static text: nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state.
 */
OKR_API const char *okr_status_str(okr_status code); /* static text for a code */
/**
 * Returns the name of a progress status.
 *
 * @param s The progress status.
 * @return Static text: "no_data", "not_started", "off_track", "at_risk", "on_track", "done" or
 *         "planned"; "" for a value that is not an okr_progress_status. Never NULL.
 * @par Ownership
 * Static text: nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state.
 */
OKR_API const char *okr_progress_status_str(okr_progress_status s); /* "on_track", ...; "" if unknown */

/** @} */

/**
 * @name Graph
 * Creating, loading, serialising and reading a graph; check-ins; CSV readers; scoring one node.
 */
/** @{ */

/**
 * Creates an empty graph.
 *
 * @param[out] out Receives the new graph.
 * @retval OKR_OK `*out` holds the new graph.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL.
 * @retval OKR_ERR_NO_MEMORY The graph could not be allocated.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_graph_free(). On error `*out` is not written.
 * @par Thread-safety
 * Safe from any thread: uses no shared state.
 */
OKR_API okr_status okr_graph_new(okr_graph **out);
/**
 * Frees a graph.
 *
 * Result handles made from the graph (okr_scores, okr_alignment, okr_rocks, okr_scorecard,
 * okr_kpi_matrix, okr_lead_result, okr_lint_result) do not refer to it and stay valid. Strings
 * borrowed from the graph itself (okr_graph_node_id()) become invalid.
 *
 * @param g The graph; NULL does nothing.
 * @par Ownership
 * Releases `g`, which must come from okr_graph_new() and must not be used afterwards.
 * @par Thread-safety
 * Needs exclusive access to `g`: every other call on it must have finished.
 */
OKR_API void okr_graph_free(okr_graph *g);

/**
 * Replaces the graph's contents with a JSON document.
 *
 * The document is format "okr", version 1 (docs/format.md). On error the graph is unchanged:
 * the document is built aside and swapped in only on success. `json` need not be
 * NUL-terminated. The default limits of okr_load_options apply; okr_graph_load_json_ex() sets
 * others.
 *
 * @param g The graph to load into.
 * @param[in] json The document text, `len` bytes; may be NULL when `len` is 0.
 * @param len Length of `json` in bytes.
 * @retval OKR_OK The graph holds the document.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL, or `json` is NULL while `len` is not 0; or a
 *         value of the document is out of range, malformed or inconsistent (a bad date, weight,
 *         id or field value).
 * @retval OKR_ERR_NOT_FOUND A link or field names an objective, key result, KPI, cycle or Rock
 *         that the document does not define.
 * @retval OKR_ERR_DUPLICATE An id, link or stage is given twice.
 * @retval OKR_ERR_CYCLE `contributes` links, or Rocks' `carried_from` links, form a cycle.
 * @retval OKR_ERR_PARSE The text is empty, not JSON, not UTF-8 or truncated, or a field has the
 *         wrong JSON type.
 * @retval OKR_ERR_VERSION The document's "format" is not "okr" or its "version" is missing or
 *         not supported.
 * @retval OKR_ERR_LIMIT The document exceeds a default limit of okr_load_options (the message
 *         names the limit, the value and where).
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `json` is read during the call only; the caller keeps it. On success, strings borrowed from
 * the graph before the call (okr_graph_node_id()) become invalid.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it. A document of 8 MB or more is read with one extra
 * thread, started and joined inside the call (set the environment variable `OKR_NUM_THREADS` to
 * 1 before the first such call to keep all work on the calling thread). The call reads up to 64
 * bytes past the end of `json` when they lie on the same memory page (on x86 only, never in
 * sanitizer builds; their content is never used): do not write those bytes from another thread
 * during the call.
 */
OKR_API okr_status okr_graph_load_json(okr_graph *g, const char *json, size_t len);
/**
 * Replaces the graph's contents with a JSON document read from a file.
 *
 * As okr_graph_load_json(), reading the document from the file at `path`. The file's size is
 * checked against the limit on the document's size before it is read. On error the graph is
 * unchanged.
 *
 * @param g The graph to load into.
 * @param[in] path Path of the file, NUL-terminated.
 * @retval OKR_OK The graph holds the document.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `path` is NULL; or a value of the document is out of
 *         range, malformed or inconsistent.
 * @retval OKR_ERR_NOT_FOUND The file cannot be opened or read; or a link or field names
 *         something the document does not define.
 * @retval OKR_ERR_DUPLICATE An id, link or stage is given twice.
 * @retval OKR_ERR_CYCLE `contributes` links, or Rocks' `carried_from` links, form a cycle.
 * @retval OKR_ERR_PARSE The file is empty, not JSON, not UTF-8 or truncated, or a field has the
 *         wrong JSON type.
 * @retval OKR_ERR_VERSION The document's "format" is not "okr" or its "version" is missing or
 *         not supported.
 * @retval OKR_ERR_LIMIT The file exceeds a default limit of okr_load_options.
 * @retval OKR_ERR_NO_MEMORY Allocation failed (reading the file included).
 * @par Ownership
 * `path` is read during the call only; the caller keeps it. On success, strings borrowed from
 * the graph before the call (okr_graph_node_id()) become invalid.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it. A file of 8 MB or more is read with one extra
 * thread, started and joined inside the call (`OKR_NUM_THREADS=1` prevents it).
 */
OKR_API okr_status okr_graph_load_json_file(okr_graph *g, const char *path);

/** Version of okr_load_options that this header declares. */
#define OKR_LOAD_OPTIONS_VERSION 1u
/**
 * Limits on untrusted input (docs/reliability.md).
 *
 * Exceeding one is OKR_ERR_LIMIT, the message naming the limit, the value and where. Initialise
 * with OKR_LOAD_OPTIONS_INIT or okr_load_options_init (the defaults load a 1,000,000-node
 * organisation); 0 is invalid. Defaults are given in brackets.
 */
typedef struct okr_load_options {
    unsigned int version;       /**< OKR_LOAD_OPTIONS_VERSION. */
    size_t max_document_bytes;  /**< The JSON or CSV text, in bytes (4294967295). */
    size_t max_depth;           /**< Nesting of objects and arrays, unknown fields included (64; at least 4). */
    size_t max_id_bytes;        /**< Ids of cycles, objectives, key results, KPIs (256). */
    size_t max_text_bytes;      /**< Any other string; for CSV, any cell (1048576). */
    size_t max_nodes;           /**< Objectives + key results (50000000). */
    size_t max_links;           /**< Links (100000000). */
    size_t max_checkins;        /**< Check-ins; for CSV, those of the graph plus the new ones (500000000). */
    size_t max_kpi_values;      /**< Observations over all KPIs (100000000). */
} okr_load_options;
/** Initialiser of okr_load_options with the current version and the default limits. */
#define OKR_LOAD_OPTIONS_INIT \
    {OKR_LOAD_OPTIONS_VERSION, 4294967295u, 64, 256, 1048576, 50000000, 100000000, 500000000, 100000000}
/**
 * Sets load options to the defaults (OKR_LOAD_OPTIONS_INIT).
 *
 * @param[out] opts The options to initialise; NULL does nothing.
 * @par Ownership
 * Nothing to free; `*opts` belongs to the caller.
 * @par Thread-safety
 * Safe from any thread: writes `*opts` only.
 */
OKR_API void okr_load_options_init(okr_load_options *opts);
/**
 * Replaces the graph's contents with a JSON document, with limits.
 *
 * okr_graph_load_json() with the limits of `opts`; `opts` may be NULL (the defaults). On error
 * the graph is unchanged.
 *
 * @param g The graph to load into.
 * @param[in] json The document text, `len` bytes; may be NULL when `len` is 0.
 * @param len Length of `json` in bytes.
 * @param[in] opts The limits, or NULL for the defaults.
 * @retval OKR_OK The graph holds the document.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL, or `json` is NULL while `len` is not 0; a limit
 *         is 0 or `max_depth` is below 4; or a value of the document is out of range, malformed
 *         or inconsistent.
 * @retval OKR_ERR_NOT_FOUND A link or field names something the document does not define.
 * @retval OKR_ERR_DUPLICATE An id, link or stage is given twice.
 * @retval OKR_ERR_CYCLE `contributes` links, or Rocks' `carried_from` links, form a cycle.
 * @retval OKR_ERR_PARSE The text is empty, not JSON, not UTF-8 or truncated, or a field has the
 *         wrong JSON type.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version; or the document's "format" is
 *         not "okr" or its "version" is missing or not supported.
 * @retval OKR_ERR_LIMIT The document exceeds a limit of `opts`.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `json` and `opts` are read during the call only; the caller keeps them. On success, strings
 * borrowed from the graph before the call (okr_graph_node_id()) become invalid.
 * @par Thread-safety
 * As okr_graph_load_json(): modifies `g` and needs exclusive access to it; may use one extra
 * thread inside the call; may read up to 64 bytes past the end of `json`, which must not be
 * written meanwhile.
 */
OKR_API okr_status okr_graph_load_json_ex(okr_graph *g, const char *json, size_t len, const okr_load_options *opts);
/**
 * Replaces the graph's contents with a JSON document read from a file, with limits.
 *
 * okr_graph_load_json_file() with the limits of `opts`; `opts` may be NULL (the defaults). On
 * error the graph is unchanged.
 *
 * @param g The graph to load into.
 * @param[in] path Path of the file, NUL-terminated.
 * @param[in] opts The limits, or NULL for the defaults.
 * @retval OKR_OK The graph holds the document.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `path` is NULL; a limit is 0 or `max_depth` is below
 *         4; or a value of the document is out of range, malformed or inconsistent.
 * @retval OKR_ERR_NOT_FOUND The file cannot be opened or read; or a link or field names
 *         something the document does not define.
 * @retval OKR_ERR_DUPLICATE An id, link or stage is given twice.
 * @retval OKR_ERR_CYCLE `contributes` links, or Rocks' `carried_from` links, form a cycle.
 * @retval OKR_ERR_PARSE The file is empty, not JSON, not UTF-8 or truncated, or a field has the
 *         wrong JSON type.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version; or the document's "format" is
 *         not "okr" or its "version" is missing or not supported.
 * @retval OKR_ERR_LIMIT The file exceeds a limit of `opts`.
 * @retval OKR_ERR_NO_MEMORY Allocation failed (reading the file included).
 * @par Ownership
 * `path` and `opts` are read during the call only; the caller keeps them. On success, strings
 * borrowed from the graph before the call (okr_graph_node_id()) become invalid.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it. A file of 8 MB or more is read with one extra
 * thread, started and joined inside the call (`OKR_NUM_THREADS=1` prevents it).
 */
OKR_API okr_status okr_graph_load_json_file_ex(okr_graph *g, const char *path, const okr_load_options *opts);

/**
 * Serialises the graph as a JSON document (format "okr", version 1).
 *
 * Loading the text gives an equal graph; fields the format does not define, kept from the
 * loaded document, are written back. `*out` is NUL-terminated and `*len` excludes the NUL.
 *
 * @param g The graph.
 * @param[out] out Receives the text.
 * @param[out] len Receives the length of the text in bytes, without the NUL; may be NULL.
 * @retval OKR_OK `*out` (and `*len`) hold the document.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_string_free(). On error neither `*out` nor `*len`
 * is written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_to_json(const okr_graph *g, char **out, size_t *len);
/**
 * Frees a string that okr allocated for the caller.
 *
 * The only such strings are the documents of okr_graph_to_json(). They do not come from the
 * caller's malloc(): free() must not be used on them.
 *
 * @param s The string; NULL does nothing.
 * @par Ownership
 * Releases `s`, which must not be used afterwards. Never pass it a borrowed `const char *` (ids,
 * messages, okr_last_error()).
 * @par Thread-safety
 * Safe from any thread, provided no other thread still uses `s`.
 */
OKR_API void okr_string_free(char *s);

/**
 * Counts the nodes of the graph.
 *
 * The nodes are the objectives and key results; KPIs and cycles are not counted.
 *
 * @param g The graph.
 * @param[out] out Receives the number of nodes.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_node_count(const okr_graph *g, size_t *out);

/**
 * Appends a check-in to a key result.
 *
 * `confidence`: NaN for none, else in [0, 1]. A key result's check-ins are kept in date order,
 * those of one date in the order they were made. On error the graph is unchanged.
 *
 * @param g The graph.
 * @param[in] kr_id The key result's id.
 * @param[in] date The check-in's date, "YYYY-MM-DD".
 * @param value The key result's value: finite; in [0, 1] for a milestone key result.
 * @param confidence The owner's confidence: NaN for none, else in [0, 1].
 * @retval OKR_OK The check-in is recorded.
 * @retval OKR_ERR_INVALID_ARGUMENT `g`, `kr_id` or `date` is NULL; `kr_id` is empty; `date` is
 *         not a date; `value` is not finite, or outside [0, 1] for a milestone; `confidence` is
 *         outside [0, 1]; the key result aggregates its contributors and takes no check-ins; or
 *         it is a staged milestone, which needs a stage (okr_graph_checkin_ex()).
 * @retval OKR_ERR_NOT_FOUND `kr_id` names no node, or names an objective.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The strings are copied; the caller keeps them. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_checkin(okr_graph *g, const char *kr_id, const char *date, double value,
                                     double confidence);

/** Version of okr_checkin_options that this header declares. */
#define OKR_CHECKIN_OPTIONS_VERSION 1u
/**
 * Extended check-in options (note, stage of a staged milestone).
 *
 * Initialise with OKR_CHECKIN_OPTIONS_INIT or okr_checkin_options_init(); new fields are only
 * ever appended.
 */
typedef struct okr_checkin_options {
    unsigned int version; /**< OKR_CHECKIN_OPTIONS_VERSION. */
    double confidence;    /**< NaN: none; else in [0, 1]. */
    const char *note;     /**< NULL: none; else valid UTF-8. */
    const char *stage;    /**< Staged milestones: the stage's id or title (docs/format.md); NULL otherwise. */
} okr_checkin_options;
/** Initialiser of okr_checkin_options: the current version, no confidence, note or stage. */
#define OKR_CHECKIN_OPTIONS_INIT {OKR_CHECKIN_OPTIONS_VERSION, NAN, NULL, NULL}
/**
 * Sets check-in options to OKR_CHECKIN_OPTIONS_INIT.
 *
 * @param[out] opts The options to initialise; NULL does nothing.
 * @par Ownership
 * Nothing to free; `*opts` belongs to the caller.
 * @par Thread-safety
 * Safe from any thread: writes `*opts` only.
 */
OKR_API void okr_checkin_options_init(okr_checkin_options *opts);
/**
 * Appends a check-in to a key result, with a note or stage.
 *
 * As okr_graph_checkin(); `opts` may be NULL (no confidence, note or stage). A stage is named
 * by its id, or by its title when that title is unique among the key result's stages. On error
 * the graph is unchanged.
 *
 * @param g The graph.
 * @param[in] kr_id The key result's id.
 * @param[in] date The check-in's date, "YYYY-MM-DD".
 * @param value The key result's value: finite; in [0, 1] for a milestone key result.
 * @param[in] opts Confidence, note and stage, or NULL for none.
 * @retval OKR_OK The check-in is recorded.
 * @retval OKR_ERR_INVALID_ARGUMENT `g`, `kr_id` or `date` is NULL; `kr_id` is empty; `date` is
 *         not a date; `value` is not finite, or outside [0, 1] for a milestone; the confidence
 *         is outside [0, 1]; the key result aggregates its contributors and takes no check-ins;
 *         a staged milestone is given no stage; a stage is given for a key result without
 *         stages; or the stage's title is shared by two stages.
 * @retval OKR_ERR_NOT_FOUND `kr_id` names no node, or names an objective; or the stage names no
 *         stage of the key result.
 * @retval OKR_ERR_PARSE The note is not valid UTF-8.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The strings (the note and stage included) are copied; the caller keeps them. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_checkin_ex(okr_graph *g, const char *kr_id, const char *date, double value,
                                        const okr_checkin_options *opts);

/** Version of okr_checkin that this header declares. */
#define OKR_CHECKIN_VERSION 1u
/**
 * One check-in of a batch (okr_graph_checkin_batch()).
 *
 * Initialise each with OKR_CHECKIN_INIT (or set `version`); every element of one batch has the
 * same version, which also fixes the array's stride.
 */
typedef struct okr_checkin {
    unsigned int version;   /**< OKR_CHECKIN_VERSION. */
    const char *key_result; /**< The key result's id. */
    const char *date;       /**< "YYYY-MM-DD". */
    double value;           /**< The key result's value: finite; in [0, 1] for a milestone. */
    double confidence;      /**< NaN: none; else in [0, 1]. */
    const char *note;       /**< NULL: none; else valid UTF-8. */
    const char *stage;      /**< Staged milestones: the stage's id or title (docs/format.md); NULL otherwise. */
} okr_checkin;
/** Initialiser of okr_checkin: the current version, no key result or date yet, value 0, no
 *  confidence, note or stage. */
#define OKR_CHECKIN_INIT {OKR_CHECKIN_VERSION, NULL, NULL, 0.0, NAN, NULL, NULL}
/**
 * Appends a batch of check-ins, all or nothing.
 *
 * Appends `count` check-ins, all or nothing: every one is validated before any is stored; on
 * error the message names the first bad one ("check-ins[3]: ...") and the graph is unchanged.
 * `items` may be NULL when `count` is 0. Each check-in is checked as by okr_graph_checkin_ex().
 *
 * @param g The graph.
 * @param[in] items The check-ins, `count` elements.
 * @param count Number of elements of `items`.
 * @retval OKR_OK Every check-in is recorded.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL, or `items` is NULL while `count` is not 0; or a
 *         check-in is invalid: its `key_result` or `date` is NULL or empty, or any reason listed
 *         for okr_graph_checkin_ex().
 * @retval OKR_ERR_NOT_FOUND A check-in's key result names no node, names an objective, or has
 *         no stage of the given name.
 * @retval OKR_ERR_PARSE A note is not valid UTF-8.
 * @retval OKR_ERR_VERSION An element's `version` is not OKR_CHECKIN_VERSION.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The strings are copied; the caller keeps `items` and everything it points to. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_checkin_batch(okr_graph *g, const okr_checkin *items, size_t count);

/**
 * Appends the check-ins of a CSV text to the graph.
 *
 * CSV readers (`docs/format.md#csv`) are all or nothing, errors naming the line and column. This
 * one reads check-ins (columns key_result, date, value, optional confidence, note, stage; the
 * usual aliases of these names are accepted, and a confidence may be a percentage such as
 * "70%") and appends them to the graph. `csv` need not be NUL-terminated. The default limits of
 * okr_load_options apply (okr_graph_load_checkins_csv_ex() sets others). On error the graph is
 * unchanged.
 *
 * @param g The graph.
 * @param[in] csv The CSV text, `len` bytes; may be NULL when `len` is 0.
 * @param len Length of `csv` in bytes.
 * @retval OKR_OK Every check-in is recorded.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL, or `csv` is NULL while `len` is not 0; or a row
 *         is invalid: an empty key_result, a date that is not a date, a value that is not a
 *         finite number, a confidence that is not a number, or any reason listed for
 *         okr_graph_checkin_ex().
 * @retval OKR_ERR_NOT_FOUND A row's key result names no node, names an objective, or has no
 *         stage of the given name.
 * @retval OKR_ERR_PARSE The text is not UTF-8 or not well-formed CSV (quoting, a row whose
 *         number of fields differs from the header's), has no header, lacks a key_result, date
 *         or value column, or has two columns for one field.
 * @retval OKR_ERR_LIMIT The text, a cell or a key result id is too long, or the graph would hold
 *         more check-ins than the default `max_checkins`.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `csv` is read during the call only; the caller keeps it. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_load_checkins_csv(okr_graph *g, const char *csv, size_t len);
/**
 * Adds the KPIs of a weekly scorecard CSV text to the graph.
 *
 * Reads a weekly scorecard (one KPI per row, one column per week; `docs/format.md#csv`), all or
 * nothing, errors naming the line and column, and adds its KPIs to the graph. A KPI without an
 * id gets one made from its title. `csv` need not be NUL-terminated. The default limits of
 * okr_load_options apply (okr_graph_load_scorecard_csv_ex() sets others). On error the graph is
 * unchanged.
 *
 * @param g The graph.
 * @param[in] csv The CSV text, `len` bytes; may be NULL when `len` is 0.
 * @param len Length of `csv` in bytes.
 * @retval OKR_OK Every KPI is added.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL, or `csv` is NULL while `len` is not 0; or a row
 *         is invalid: a KPI with neither id nor title (or a title that gives no id), a goal or
 *         aggregation that cannot be read, a week's cell that is not a number, or an id the
 *         graph rejects (a control character).
 * @retval OKR_ERR_DUPLICATE A KPI id repeats in the text, or is already used by a node or KPI of
 *         the graph.
 * @retval OKR_ERR_PARSE The text is not UTF-8 or not well-formed CSV, has no header, has neither
 *         a title ("kpi") nor an id column, has a column that is neither a scorecard field nor a
 *         week, or has two columns for one field or for one week.
 * @retval OKR_ERR_LIMIT The text, a cell or a KPI id is too long, or the text holds more KPI
 *         values than the default `max_kpi_values`.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `csv` is read during the call only; the caller keeps it. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_load_scorecard_csv(okr_graph *g, const char *csv, size_t len);
/**
 * Appends the check-ins of a CSV text to the graph, with limits.
 *
 * okr_graph_load_checkins_csv() with limits (okr_load_options; NULL: the defaults): text size
 * (`max_document_bytes`), cell length (`max_text_bytes`), id length (`max_id_bytes`), number of
 * check-ins (`max_checkins`, counting those the graph holds). On error the graph is unchanged.
 *
 * @param g The graph.
 * @param[in] csv The CSV text, `len` bytes; may be NULL when `len` is 0.
 * @param len Length of `csv` in bytes.
 * @param[in] opts The limits, or NULL for the defaults.
 * @retval OKR_OK Every check-in is recorded.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL, or `csv` is NULL while `len` is not 0; a limit is
 *         0 or `max_depth` is below 4; or a row is invalid, as for okr_graph_load_checkins_csv().
 * @retval OKR_ERR_NOT_FOUND A row's key result names no node, names an objective, or has no
 *         stage of the given name.
 * @retval OKR_ERR_PARSE The text is not UTF-8 or not well-formed CSV, has no header, lacks a
 *         required column, or has two columns for one field.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_LIMIT The text exceeds a limit of `opts`.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `csv` and `opts` are read during the call only; the caller keeps them. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_load_checkins_csv_ex(okr_graph *g, const char *csv, size_t len, const okr_load_options *opts);
/**
 * Adds the KPIs of a weekly scorecard CSV text to the graph, with limits.
 *
 * okr_graph_load_scorecard_csv() with limits (okr_load_options; NULL: the defaults): text size
 * (`max_document_bytes`), cell length (`max_text_bytes`), id length (`max_id_bytes`), number of
 * KPI values (`max_kpi_values`, counting the text's rows times weeks). On error the graph is
 * unchanged.
 *
 * @param g The graph.
 * @param[in] csv The CSV text, `len` bytes; may be NULL when `len` is 0.
 * @param len Length of `csv` in bytes.
 * @param[in] opts The limits, or NULL for the defaults.
 * @retval OKR_OK Every KPI is added.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL, or `csv` is NULL while `len` is not 0; a limit is
 *         0 or `max_depth` is below 4; or a row is invalid, as for
 *         okr_graph_load_scorecard_csv().
 * @retval OKR_ERR_DUPLICATE A KPI id repeats in the text, or is already used by a node or KPI of
 *         the graph.
 * @retval OKR_ERR_PARSE The text is not UTF-8 or not well-formed CSV, has no header, lacks a
 *         title or id column, or has a column that is neither a field nor a week, or repeats one.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_LIMIT The text exceeds a limit of `opts`.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `csv` and `opts` are read during the call only; the caller keeps them. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_load_scorecard_csv_ex(okr_graph *g, const char *csv, size_t len, const okr_load_options *opts);

/**
 * Scores one node as of a date.
 *
 * Score (0..1; NaN for an objective with nothing to score, and for a node whose cycle has not
 * started by the date) of node `id` as of `as_of`. Only the node and its descendants are
 * evaluated; check-ins dated after `as_of` are ignored. To score many nodes, call
 * okr_graph_scores() or okr_graph_score_vector() once instead.
 *
 * @param g The graph.
 * @param[in] id The node's id.
 * @param[in] as_of The date, "YYYY-MM-DD"; NULL for today (UTC).
 * @param[out] out Receives the score.
 * @retval OKR_OK `*out` holds the score.
 * @retval OKR_ERR_INVALID_ARGUMENT `g`, `id` or `out` is NULL, or `as_of` is not a date.
 * @retval OKR_ERR_NOT_FOUND `id` names no objective or key result.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph (the
 * first of them builds the roll-up structure once, under a lock), but not with a call that
 * modifies it.
 */
OKR_API okr_status okr_graph_score(const okr_graph *g, const char *id, const char *as_of, double *out);
/**
 * Gives the progress status of one node as of a date.
 *
 * Progress status of node `id` as of `as_of` (docs/scoring.md). Only the node and its
 * descendants are evaluated.
 *
 * @param g The graph.
 * @param[in] id The node's id.
 * @param[in] as_of The date, "YYYY-MM-DD"; NULL for today (UTC).
 * @param[out] out Receives the status.
 * @retval OKR_OK `*out` holds the status.
 * @retval OKR_ERR_INVALID_ARGUMENT `g`, `id` or `out` is NULL, or `as_of` is not a date.
 * @retval OKR_ERR_NOT_FOUND `id` names no objective or key result.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_status(const okr_graph *g, const char *id, const char *as_of,
                                    okr_progress_status *out);

/**
 * Gives the id of a node by index.
 *
 * Id of node `i` (0 <= i < okr_graph_node_count; else OKR_ERR_NOT_FOUND), in the order
 * okr_graph_score_vector uses. `*out` is NUL-terminated.
 *
 * @param g The graph.
 * @param i The node's index.
 * @param[out] out Receives the id.
 * @retval OKR_OK `*out` points to the id.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is not below the node count.
 * @par Ownership
 * `*out` is borrowed from the graph: it stays valid until the graph is next changed or freed. Do
 * not free it.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_node_id(const okr_graph *g, size_t i, const char **out);

/** @} */

/**
 * @name Bulk scores
 * Every node's score at once: into a caller's array, or into an okr_scores handle.
 */
/** @{ */

/**
 * Writes every node's score into the caller's array.
 *
 * Only the scores (as okr_scores_score gives them; NaN for an objective with nothing to score
 * and for a planned node), without pace, forecast or status, written to out[i] for node i (the order of
 * okr_graph_node_id()). `capacity`: elements at `out`; when it is smaller than the node count
 * the call fails with OKR_ERR_BUFFER_TOO_SMALL and writes no scores (call with out = NULL,
 * capacity = 0 to learn the count). `count` (may be NULL) receives the node count on success and
 * with OKR_ERR_BUFFER_TOO_SMALL; on any other error it is not written. Several times faster than
 * okr_graph_scores.
 *
 * @param g The graph.
 * @param[in] as_of The date, "YYYY-MM-DD"; NULL for today (UTC).
 * @param[out] out Room for `capacity` scores; may be NULL when the graph has no node or to learn
 *             the count.
 * @param capacity Number of elements at `out`.
 * @param[out] count Receives the node count; may be NULL.
 * @retval OKR_OK `out[0]` to `out[n - 1]` hold the scores of the n nodes; the rest of `out` is
 *         untouched.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` is NULL; `as_of` is not a date; or `out` is NULL while
 *         the graph has nodes and `capacity` is large enough.
 * @retval OKR_ERR_BUFFER_TOO_SMALL `capacity` is below the node count; `*count` holds the
 *         count needed.
 * @retval OKR_ERR_NO_MEMORY Allocation failed (working storage).
 * @par Ownership
 * `out` and `count` belong to the caller. Nothing to free.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_score_vector(const okr_graph *g, const char *as_of, double *out, size_t capacity,
                                          size_t *count);
/**
 * Scores every node as of a date.
 *
 * Scores every node as of `as_of`: score, status, forecast and the other fields of
 * okr_node_score. The result does not refer to the graph afterwards.
 *
 * @param g The graph.
 * @param[in] as_of The date, "YYYY-MM-DD"; NULL for today (UTC).
 * @param[out] out Receives the result.
 * @retval OKR_OK `*out` holds the result.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL, or `as_of` is not a date.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_scores_free(); it owns its ids and survives
 * changing or freeing the graph. On error `*out` is not written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it. The result may be read from any number of threads. On a graph
 * of more than 49,152 key results, blocks of key results are scored on worker threads started and
 * joined inside the call (`OKR_NUM_THREADS=1` prevents it).
 */
OKR_API okr_status okr_graph_scores(const okr_graph *g, const char *as_of, okr_scores **out);
/**
 * Frees a result of okr_graph_scores().
 *
 * @param s The result; NULL does nothing.
 * @par Ownership
 * Releases `s` and the ids borrowed from it (okr_scores_id(), okr_node_score::id).
 * @par Thread-safety
 * Every other call on `s` must have finished; `s` must not be used afterwards.
 */
OKR_API void okr_scores_free(okr_scores *s);

/** Version of okr_node_score that this header declares. */
#define OKR_NODE_SCORE_VERSION 1u
/**
 * One node's results (okr_scores_get()).
 *
 * Set `version` (OKR_NODE_SCORE_INIT) before calling okr_scores_get; fields added in later
 * versions are appended. Numbers that do not apply are NaN (docs/scoring.md).
 */
typedef struct okr_node_score {
    unsigned int version;       /**< OKR_NODE_SCORE_VERSION. */
    const char *id;             /**< The node's id, borrowed from the okr_scores handle. */
    okr_kind kind;              /**< Objective or key result. */
    okr_progress_status status; /**< Progress status as of the date. */
    double score;               /**< Score, 0..1 (NaN: nothing to score, or planned). */
    double expected;            /**< Share of the cycle elapsed. */
    double forecast;            /**< Projected score at the cycle end. */
    double forecast_low;        /**< Low end of the prediction interval (least-squares forecasts only). */
    double forecast_high;       /**< High end of the prediction interval (least-squares forecasts only). */
    double p_target;            /**< P(score at cycle end >= the policy's target score). */
    double overachievement;     /**< How far the unclamped score goes beyond 1 (0 if not). */
    double value;               /**< Key result: current value. */
    int regressing;             /**< 1: metric: value beyond its start, away from the target; health: outside
                                     its limit. 0 otherwise. */
    unsigned int checkins;      /**< Key result: check-ins on or before the date. */
} okr_node_score;
/** Initialiser of okr_node_score: the current version, every other field zero or NULL. */
#define OKR_NODE_SCORE_INIT {OKR_NODE_SCORE_VERSION, NULL, OKR_KIND_OBJECTIVE, OKR_PROGRESS_NO_DATA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0u}

/**
 * Counts the nodes of a scores result.
 *
 * @param s The result.
 * @param[out] out Receives the number of nodes.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `s` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `s` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_scores_count(const okr_scores *s, size_t *out);
/**
 * Finds a node's index in a scores result.
 *
 * Index of node `id` in the result. The first call builds a hash index of the ids.
 *
 * @param s The result.
 * @param[in] id The node's id.
 * @param[out] out Receives the index.
 * @retval OKR_OK `*out` holds the index.
 * @retval OKR_ERR_INVALID_ARGUMENT `s`, `id` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND No node of the result has the id.
 * @retval OKR_ERR_NO_MEMORY The index could not be built (first call only).
 * @par Ownership
 * Nothing to free; `id` is read during the call only.
 * @par Thread-safety
 * Reads `s` only: any number of threads may call it on one result at the same time; the index
 * is built once, safely.
 */
OKR_API okr_status okr_scores_find(const okr_scores *s, const char *id, size_t *out);
/**
 * Copies one node's results.
 *
 * Fills the fields of the version set in `out->version`.
 *
 * @param s The result.
 * @param i The node's index, below okr_scores_count().
 * @param[in,out] out In: `version` set (OKR_NODE_SCORE_INIT). Out: the node's results.
 * @retval OKR_OK `*out` holds the node's results.
 * @retval OKR_ERR_INVALID_ARGUMENT `s` or `out` is NULL.
 * @retval OKR_ERR_VERSION `out->version` is 0 or newer than the library's.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `out->id` is borrowed from `s`: valid until okr_scores_free(s). Nothing to free.
 * @par Thread-safety
 * Reads `s` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_scores_get(const okr_scores *s, size_t i, okr_node_score *out);
/**
 * Gives the id of node `i` of a scores result.
 *
 * @param s The result.
 * @param i The node's index, below okr_scores_count().
 * @param[out] out Receives the id, NUL-terminated.
 * @retval OKR_OK `*out` points to the id.
 * @retval OKR_ERR_INVALID_ARGUMENT `s` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*out` is borrowed from `s`: valid until okr_scores_free(s). Do not free it.
 * @par Thread-safety
 * Reads `s` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_scores_id(const okr_scores *s, size_t i, const char **out);
/**
 * Gives the kind of node `i` of a scores result.
 *
 * @param s The result.
 * @param i The node's index, below okr_scores_count().
 * @param[out] out Receives the kind.
 * @retval OKR_OK `*out` holds the kind.
 * @retval OKR_ERR_INVALID_ARGUMENT `s` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `s` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_scores_kind(const okr_scores *s, size_t i, okr_kind *out);
/**
 * Gives the score of node `i` of a scores result.
 *
 * @param s The result.
 * @param i The node's index, below okr_scores_count().
 * @param[out] out Receives the score (0..1; NaN: nothing to score, or planned).
 * @retval OKR_OK `*out` holds the score.
 * @retval OKR_ERR_INVALID_ARGUMENT `s` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `s` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_scores_score(const okr_scores *s, size_t i, double *out);
/**
 * Gives the progress status of node `i` of a scores result.
 *
 * @param s The result.
 * @param i The node's index, below okr_scores_count().
 * @param[out] out Receives the status.
 * @retval OKR_OK `*out` holds the status.
 * @retval OKR_ERR_INVALID_ARGUMENT `s` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `s` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_scores_status(const okr_scores *s, size_t i, okr_progress_status *out);
/**
 * Gives the forecast of node `i` of a scores result.
 *
 * @param s The result.
 * @param i The node's index, below okr_scores_count().
 * @param[out] out Receives the projected score at the cycle end (NaN if none).
 * @retval OKR_OK `*out` holds the forecast.
 * @retval OKR_ERR_INVALID_ARGUMENT `s` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `s` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_scores_forecast(const okr_scores *s, size_t i, double *out);

/** @} */

/**
 * @name Alignment
 * The alignment analysis (docs/alignment.md): ladder-up, coverage, contribution, findings,
 * cross-team dependencies and at-risk exposure.
 */
/** @{ */
typedef struct okr_alignment okr_alignment; /**< An alignment report as of one date (opaque; okr_graph_alignment()). */

/** Version of okr_alignment_options that this header declares. */
#define OKR_ALIGNMENT_OPTIONS_VERSION 1u
/**
 * Options of the alignment analysis.
 *
 * Options with the documented defaults (in brackets); initialise with
 * OKR_ALIGNMENT_OPTIONS_INIT or okr_alignment_options_init(). New fields are only ever appended.
 */
typedef struct okr_alignment_options {
    unsigned int version;       /**< OKR_ALIGNMENT_OPTIONS_VERSION. */
    int max_objectives;         /**< Objectives per owner and team per cycle; more is a finding (3; at least 1). */
    int min_key_results;        /**< Key results per objective; fewer is a finding (2; at least 0). */
    int max_key_results;        /**< Key results per objective; more is a finding (4; at least min_key_results). */
    double min_bottom_up_share; /**< Share per team and overall; lower is a finding (0.5; in [0, 1]). */
    int top_k;                  /**< Contributors / offenders per top objective (10; at least 0). */
} okr_alignment_options;
/** Initialiser of okr_alignment_options with the current version and the defaults. */
#define OKR_ALIGNMENT_OPTIONS_INIT {OKR_ALIGNMENT_OPTIONS_VERSION, 3, 2, 4, 0.5, 10}
/**
 * Sets alignment options to the defaults (OKR_ALIGNMENT_OPTIONS_INIT).
 *
 * @param[out] opts The options to initialise; NULL does nothing.
 * @par Ownership
 * Nothing to free; `*opts` belongs to the caller.
 * @par Thread-safety
 * Safe from any thread: writes `*opts` only.
 */
OKR_API void okr_alignment_options_init(okr_alignment_options *opts);

/**
 * Runs the alignment analysis as of a date.
 *
 * Runs the alignment analysis as of `as_of` (NULL: today). `opts` may be NULL (defaults). Top
 * objectives are the company-level ones if the graph has any, else the objectives that
 * contribute to no other objective.
 *
 * @param g The graph.
 * @param[in] as_of The date, "YYYY-MM-DD"; NULL for today (UTC).
 * @param[in] opts The options, or NULL for the defaults.
 * @param[out] out Receives the report.
 * @retval OKR_OK `*out` holds the report.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL; `as_of` is not a date; or an option is
 *         out of range (the message names it).
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_alignment_free(). The result does not refer to
 * the graph afterwards; strings it returns live until okr_alignment_free. On error `*out` is
 * not written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it. The report may be read from any number of threads.
 */
OKR_API okr_status okr_graph_alignment(const okr_graph *g, const char *as_of, const okr_alignment_options *opts,
                                       okr_alignment **out);
/**
 * Frees an alignment report.
 *
 * @param a The report; NULL does nothing.
 * @par Ownership
 * Releases `a` and every string borrowed from it.
 * @par Thread-safety
 * Every other call on `a` must have finished; `a` must not be used afterwards.
 */
OKR_API void okr_alignment_free(okr_alignment *a);

/**
 * Counts the top-level objectives of an alignment report.
 *
 * @param a The report.
 * @param[out] out Receives the number of top objectives.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_top_count(const okr_alignment *a, size_t *out);
/**
 * Gives the id of top-level objective `i`.
 *
 * @param a The report.
 * @param i Index of the top objective, below okr_alignment_top_count().
 * @param[out] id Receives the objective's id.
 * @retval OKR_OK `*id` points to the id.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `id` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*id` is borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_top(const okr_alignment *a, size_t i, const char **id);
/**
 * Counts the orphans of an alignment report.
 *
 * Orphans are objectives, not top-level themselves, that reach no top-level objective.
 *
 * @param a The report.
 * @param[out] out Receives the number of orphans.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_orphan_count(const okr_alignment *a, size_t *out);
/**
 * Gives the id of orphan `i`.
 *
 * @param a The report.
 * @param i Index of the orphan, below okr_alignment_orphan_count().
 * @param[out] id Receives the objective's id.
 * @retval OKR_OK `*id` points to the id.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `id` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*id` is borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_orphan(const okr_alignment *a, size_t i, const char **id);
/**
 * Gives an objective's distance from the top.
 *
 * Fewest contributes hops from objective `id` to a top objective (0: top; -1: none); a key
 * result is OKR_ERR_NOT_FOUND (a node of the wrong kind).
 *
 * @param a The report.
 * @param[in] id The objective's id.
 * @param[out] out Receives the number of hops, 0 for a top objective, -1 if it reaches none.
 * @retval OKR_OK `*out` holds the depth.
 * @retval OKR_ERR_INVALID_ARGUMENT `a`, `id` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `id` names no node of the report's graph, or names a key result.
 * @par Ownership
 * Nothing to free; `id` is read during the call only.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_depth(const okr_alignment *a, const char *id, int *out);

/**
 * Counts the coverage rows of an alignment report.
 *
 * @param a The report.
 * @param[out] out Receives the number of coverage rows.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_coverage_count(const okr_alignment *a, size_t *out);
/**
 * Gives coverage row `i`: the objectives of a group that ladder up.
 *
 * Coverage rows: group_by is "all", "level" or "team". Every out-parameter may be NULL.
 *
 * @param a The report.
 * @param i Index of the row, below okr_alignment_coverage_count().
 * @param[out] group_by Receives "all", "level" or "team".
 * @param[out] group Receives the level's name, the team's name ("" for no team) or "all".
 * @param[out] objectives Receives the group's number of objectives.
 * @param[out] aligned Receives how many of them ladder up to a top objective.
 * @param[out] share Receives aligned / objectives.
 * @retval OKR_OK The non-NULL out-parameters hold the row.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The strings are borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_coverage(const okr_alignment *a, size_t i, const char **group_by, const char **group,
                                          size_t *objectives, size_t *aligned, double *share);

/**
 * Gives how much a node's score moves a top objective's score.
 *
 * d score(top) / d score(node) under the roll-up rule as of the report's date; 0 when `node`
 * does not feed `top`.
 *
 * @param a The report.
 * @param[in] top The id of a top-level objective.
 * @param[in] node The id of an objective or key result.
 * @param[out] out Receives the contribution.
 * @retval OKR_OK `*out` holds the contribution.
 * @retval OKR_ERR_INVALID_ARGUMENT `a`, `top`, `node` or `out` is NULL, or `top` is not a
 *         top-level objective.
 * @retval OKR_ERR_NOT_FOUND `top` or `node` names no node of the report's graph.
 * @par Ownership
 * Nothing to free; the ids are read during the call only.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_contribution(const okr_alignment *a, const char *top, const char *node, double *out);
/**
 * Counts the non-zero contributions of an alignment report.
 *
 * @param a The report.
 * @param[out] out Receives the number of contributions.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_contribution_count(const okr_alignment *a, size_t *out);
/**
 * Gives contribution `i`: a top objective, a node that feeds it, and d score(top) / d score(node).
 *
 * Contributions are grouped by top objective, the top itself first, then down the roll-up.
 * Every out-parameter may be NULL.
 *
 * @param a The report.
 * @param i Index of the contribution, below okr_alignment_contribution_count().
 * @param[out] top Receives the top objective's id.
 * @param[out] node Receives the contributing node's id.
 * @param[out] value Receives the contribution.
 * @retval OKR_OK The non-NULL out-parameters hold the contribution.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The ids are borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_contribution_at(const okr_alignment *a, size_t i, const char **top, const char **node,
                                                 double *value);

/**
 * Counts the findings of an alignment report.
 *
 * @param a The report.
 * @param[out] out Receives the number of findings.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_finding_count(const okr_alignment *a, size_t *out);
/**
 * Gives finding `i` of an alignment report.
 *
 * Findings: code ("orphan", "team_overloaded", ...; docs/alignment.md), subject (node id, team
 * or owner), node id ("" for team / owner findings) and a message. Every out-parameter may be
 * NULL.
 *
 * @param a The report.
 * @param i Index of the finding, below okr_alignment_finding_count().
 * @param[out] code Receives the finding's code.
 * @param[out] subject Receives the node id, team or owner it is about.
 * @param[out] node Receives the node's id, "" for a team or owner finding.
 * @param[out] message Receives a sentence describing the finding.
 * @retval OKR_OK The non-NULL out-parameters hold the finding.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The strings are borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_finding(const okr_alignment *a, size_t i, const char **code, const char **subject,
                                         const char **node, const char **message);

/**
 * Counts the team dependencies of an alignment report.
 *
 * @param a The report.
 * @param[out] out Receives the number of dependencies.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_dependency_count(const okr_alignment *a, size_t *out);
/**
 * Gives team dependency `i`.
 *
 * Team dependencies: `from` depends on `to` through `links` depends_on links. Every
 * out-parameter may be NULL.
 *
 * @param a The report.
 * @param i Index of the dependency, below okr_alignment_dependency_count().
 * @param[out] from Receives the team that depends.
 * @param[out] to Receives the team depended upon.
 * @param[out] links Receives the number of depends_on links between them.
 * @param[out] reciprocated Receives 1 if some link (of any type) goes back from `to`'s nodes to
 *             `from`'s, else 0.
 * @retval OKR_OK The non-NULL out-parameters hold the dependency.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The team names are borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_dependency(const okr_alignment *a, size_t i, const char **from, const char **to,
                                            size_t *links, int *reciprocated);
/**
 * Counts the dependency cycles between teams.
 *
 * Dependency cycles between teams (strong components of two or more teams).
 *
 * @param a The report.
 * @param[out] out Receives the number of cycles.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_cycle_count(const okr_alignment *a, size_t *out);
/**
 * Counts the teams of dependency cycle `i`.
 *
 * @param a The report.
 * @param i Index of the cycle, below okr_alignment_cycle_count().
 * @param[out] out Receives the number of teams in the cycle.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_cycle_size(const okr_alignment *a, size_t i, size_t *out);
/**
 * Gives team `j` of dependency cycle `i`.
 *
 * @param a The report.
 * @param i Index of the cycle, below okr_alignment_cycle_count().
 * @param j Index of the team, below okr_alignment_cycle_size() of cycle `i`.
 * @param[out] team Receives the team's name.
 * @retval OKR_OK `*team` points to the name.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `team` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` or `j` is out of range.
 * @par Ownership
 * `*team` is borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_cycle_team(const okr_alignment *a, size_t i, size_t j, const char **team);
/**
 * Counts the teams of the dependency graph.
 *
 * @param a The report.
 * @param[out] out Receives the number of centrality rows, one per team.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_centrality_count(const okr_alignment *a, size_t *out);
/**
 * Gives the centrality of team `i` in the dependency graph.
 *
 * Per team of the dependency graph: distinct dependents, links in, normalised betweenness
 * (Brandes). Every out-parameter may be NULL.
 *
 * @param a The report.
 * @param i Index of the row, below okr_alignment_centrality_count().
 * @param[out] team Receives the team's name.
 * @param[out] dependents Receives the number of distinct teams that depend on it.
 * @param[out] links_in Receives the number of depends_on links pointing at it.
 * @param[out] betweenness Receives its normalised betweenness.
 * @retval OKR_OK The non-NULL out-parameters hold the row.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*team` is borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_centrality(const okr_alignment *a, size_t i, const char **team, size_t *dependents,
                                            size_t *links_in, double *betweenness);
/**
 * Gives the at-risk exposure of top objective `i`.
 *
 * At-risk exposure per top objective (same order as okr_alignment_top; `i` below
 * okr_alignment_top_count()). Every out-parameter may be NULL.
 *
 * @param a The report.
 * @param i Index of the top objective.
 * @param[out] top Receives the top objective's id.
 * @param[out] at_risk_share Receives the contribution-weighted share of its key result inputs
 *             that are at risk or off track (NaN without inputs).
 * @param[out] inputs Receives the number of key results that feed it.
 * @retval OKR_OK The non-NULL out-parameters hold the exposure.
 * @retval OKR_ERR_INVALID_ARGUMENT `a` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*top` is borrowed from `a`: valid until okr_alignment_free(a).
 * @par Thread-safety
 * Reads `a` only: any number of threads may read one report at the same time.
 */
OKR_API okr_status okr_alignment_exposure(const okr_alignment *a, size_t i, const char **top, double *at_risk_share,
                                          size_t *inputs);

/** @} */

/**
 * @name Correlation
 * Correlation (docs/correlation.md). Series are column-major double arrays (rows = periods);
 * NaN marks a missing value; an infinite value is an error (OKR_ERR_INVALID_ARGUMENT naming its
 * position). Lag k > 0: the driver leads (driver at t - k against outcome at t).
 */
/** @{ */
/** Correlation coefficient. */
typedef enum okr_corr_method { OKR_CORR_PEARSON = 0, OKR_CORR_SPEARMAN = 1, OKR_CORR_KENDALL = 2 } okr_corr_method;
/** @var OKR_CORR_PEARSON
 * Pearson's r. */
/** @var OKR_CORR_SPEARMAN
 * Spearman's rank correlation (Pearson's r of average ranks). */
/** @var OKR_CORR_KENDALL
 * Kendall's tau-b. */

/** Version of okr_pair_stats that this header declares. */
#define OKR_PAIR_STATS_VERSION 1u
/**
 * Statistics of one correlation.
 *
 * Set `version` (OKR_PAIR_STATS_INIT) before a call fills it; the library writes the fields of
 * that version only.
 */
typedef struct okr_pair_stats {
    unsigned int version; /**< OKR_PAIR_STATS_VERSION. */
    double r;             /**< The coefficient; NaN with reason 1 (too few pairs) or 2 (a constant series). */
    size_t n;             /**< Pairwise-complete observations. */
    double p;             /**< Two-sided p-value. */
    double ci_low;        /**< Low end of the Fisher-z interval at the requested level. */
    double ci_high;       /**< High end of the Fisher-z interval at the requested level. */
    int reason;           /**< 0 ok, 1 too few, 2 constant. */
} okr_pair_stats;
/** Initialiser of okr_pair_stats: the current version, every other field zero. */
#define OKR_PAIR_STATS_INIT {OKR_PAIR_STATS_VERSION, 0, 0, 0, 0, 0, 0}

/**
 * Computes the correlation matrix of the columns of an array.
 *
 * r matrix of the `cols` columns of `data` (rows × cols, column-major) into `out` (cols × cols,
 * exactly symmetric), as pandas DataFrame.corr with min_periods: each pair over the rows where
 * both are present, NaN with fewer than `min_periods` such rows or a constant column.
 *
 * @param[in] data The series, `rows` × `cols`, column-major; may be NULL when either is 0.
 * @param rows Number of rows (periods).
 * @param cols Number of columns (series).
 * @param method The coefficient.
 * @param min_periods Fewest pairwise-complete rows for a value; at least 2.
 * @param[out] out Room for `cols` × `cols` doubles; never NULL.
 * @retval OKR_OK `out` holds the matrix.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL; `data` is NULL while `rows` and `cols` are
 *         not 0; the sizes are too large; `method` is not an okr_corr_method; `min_periods` is
 *         below 2; or a value is infinite.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `data` is read during the call only; `out` belongs to the caller. Nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; `data` must not change during the call. Uses up
 * to one worker thread per core, started and joined inside the call (`OKR_NUM_THREADS` limits
 * them).
 */
OKR_API okr_status okr_corr_matrix(const double *data, size_t rows, size_t cols, okr_corr_method method, int min_periods,
                                   double *out);
/**
 * Correlates one pair of series.
 *
 * One pair of series of length n, over the pairwise-complete observations; `level` in (0, 1).
 *
 * @param[in] x The first series, `n` values; may be NULL when `n` is 0.
 * @param[in] y The second series, `n` values; may be NULL when `n` is 0.
 * @param n Length of the series.
 * @param method The coefficient.
 * @param min_periods Fewest pairs for a coefficient; at least 2.
 * @param level Confidence level of the interval, in (0, 1).
 * @param[in,out] out In: `version` set (OKR_PAIR_STATS_INIT). Out: the statistics.
 * @retval OKR_OK `*out` holds the statistics.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL; `x` or `y` is NULL while `n` is not 0;
 *         `method` is not an okr_corr_method; `min_periods` is below 2; `level` is outside
 *         (0, 1); or a value is infinite.
 * @retval OKR_ERR_VERSION `out->version` is 0 or newer than the library's.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The inputs are read during the call only. Nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; the inputs must not change during the call.
 */
OKR_API okr_status okr_correlate_pair(const double *x, const double *y, size_t n, okr_corr_method method, int min_periods,
                                      double level, okr_pair_stats *out);
/**
 * Correlates a driver with an outcome at several lags.
 *
 * One okr_pair_stats per lag into `out` (nlags entries, each with its version set). At lag k the
 * pairs are driver[t - k] and outcome[t]; r is that of the overlapping pairs
 * (OKR_LAG_PAIRWISE).
 *
 * @param[in] driver The driver series, `n` values; may be NULL when `n` is 0.
 * @param[in] outcome The outcome series, `n` values; may be NULL when `n` is 0.
 * @param n Length of the series.
 * @param[in] lags The lags, `nlags` values, each of absolute value below `n`; may be NULL when
 *            `nlags` is 0.
 * @param nlags Number of lags.
 * @param method The coefficient.
 * @param min_periods Fewest pairs for a coefficient; at least 2.
 * @param level Confidence level of the intervals, in (0, 1).
 * @param[in,out] out `nlags` entries. In: each `version` set. Out: the statistics per lag.
 * @retval OKR_OK `out` holds the statistics.
 * @retval OKR_ERR_INVALID_ARGUMENT `driver` or `outcome` is NULL while `n` is not 0; `lags` or
 *         `out` is NULL while `nlags` is not 0; `method` is not an okr_corr_method;
 *         `min_periods` is below 2; `level` is outside (0, 1); a value is infinite; or a lag
 *         leaves no overlap.
 * @retval OKR_ERR_VERSION An entry's `version` is 0 or newer than the library's.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The inputs are read during the call only; `out` belongs to the caller. Nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; the inputs must not change during the call.
 */
OKR_API okr_status okr_lagged_correlation(const double *driver, const double *outcome, size_t n, const int *lags,
                                          size_t nlags, okr_corr_method method, int min_periods, double level,
                                          okr_pair_stats *out);
/**
 * Normalisation of a lagged correlation (okr_lagged_correlation_ex()).
 *
 * OKR_LAG_PAIRWISE is the default of okr_lagged_correlation(); OKR_LAG_CCF is for comparison
 * with statsmodels.
 */
typedef enum okr_lag_normalization { OKR_LAG_PAIRWISE = 0, OKR_LAG_CCF = 1 } okr_lag_normalization;
/** @var OKR_LAG_PAIRWISE
 * r of the overlapping pairs, as okr_lagged_correlation(). */
/** @var OKR_LAG_CCF
 * As statsmodels' ccf(outcome, driver, adjusted=True): full-sample means and standard
 * deviations. Complete series and OKR_CORR_PEARSON only. */
/**
 * Correlates a driver with an outcome at several lags, with a choice of normalisation.
 *
 * okr_lagged_correlation() with `normalization`.
 *
 * @param[in] driver The driver series, `n` values; may be NULL when `n` is 0.
 * @param[in] outcome The outcome series, `n` values; may be NULL when `n` is 0.
 * @param n Length of the series.
 * @param[in] lags The lags, `nlags` values, each of absolute value below `n`; may be NULL when
 *            `nlags` is 0.
 * @param nlags Number of lags.
 * @param method The coefficient.
 * @param min_periods Fewest pairs for a coefficient; at least 2.
 * @param level Confidence level of the intervals, in (0, 1).
 * @param normalization OKR_LAG_PAIRWISE or OKR_LAG_CCF.
 * @param[in,out] out `nlags` entries. In: each `version` set. Out: the statistics per lag.
 * @retval OKR_OK `out` holds the statistics.
 * @retval OKR_ERR_INVALID_ARGUMENT `driver` or `outcome` is NULL while `n` is not 0; `lags` or
 *         `out` is NULL while `nlags` is not 0; `normalization` is not an
 *         okr_lag_normalization; `method` is not an okr_corr_method; `min_periods` is below 2;
 *         `level` is outside (0, 1); a value is infinite; a lag leaves no overlap; or
 *         OKR_LAG_CCF is asked with a method other than Pearson or with a missing value.
 * @retval OKR_ERR_VERSION An entry's `version` is 0 or newer than the library's.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The inputs are read during the call only; `out` belongs to the caller. Nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; the inputs must not change during the call.
 */
OKR_API okr_status okr_lagged_correlation_ex(const double *driver, const double *outcome, size_t n, const int *lags,
                                             size_t nlags, okr_corr_method method, int min_periods, double level,
                                             okr_lag_normalization normalization, okr_pair_stats *out);
/**
 * Transformation of the series before a leading-indicator scan (okr_lead_options).
 *
 * The scan correlates the transformed series; trends are judged on the raw ones.
 */
typedef enum okr_transform { OKR_TRANSFORM_NONE = 0, OKR_TRANSFORM_DIFF = 1, OKR_TRANSFORM_DETREND = 2 } okr_transform;
/** @var OKR_TRANSFORM_NONE
 * The series as given. */
/** @var OKR_TRANSFORM_DIFF
 * First differences. */
/** @var OKR_TRANSFORM_DETREND
 * Residuals of a linear trend. */
/** Adjustment of p-values for many tests. */
typedef enum okr_correction { OKR_CORRECTION_FDR_BH = 0, OKR_CORRECTION_BONFERRONI = 1 } okr_correction;
/** @var OKR_CORRECTION_FDR_BH
 * Benjamini-Hochberg false discovery rate (q-values). */
/** @var OKR_CORRECTION_BONFERRONI
 * Bonferroni: each p-value times the number of tests, at most 1. */
/** Version of okr_lead_options that this header declares (2 added `correction`). */
#define OKR_LEAD_OPTIONS_VERSION 2u
/**
 * Options of a leading-indicator scan.
 *
 * Initialise with OKR_LEAD_OPTIONS_INIT or okr_lead_options_init(); the defaults are given in
 * brackets. New fields are only ever appended; a caller that sets version 1 gets the default
 * `correction`.
 */
typedef struct okr_lead_options {
    unsigned int version;   /**< OKR_LEAD_OPTIONS_VERSION (1 or 2). */
    const int *lags;        /**< The lags to test, `nlags` values (`nlags` 0: lags 0..12, `lags` ignored). */
    size_t nlags;           /**< Number of elements of `lags`. */
    okr_corr_method method; /**< The coefficient (OKR_CORR_SPEARMAN). */
    okr_transform transform;/**< Transformation of both series (OKR_TRANSFORM_NONE). */
    int adjust;             /**< 1: p-values and intervals use the effective sample size (default); 0: n. */
    double alpha;           /**< q below which the verdict says "leads"; in (0, 1) (0.05). */
    double level;           /**< Confidence level of the intervals; in (0, 1) (0.95). */
    int min_periods;        /**< Fewest pairs for a coefficient; at least 2 (3). */
    const char *period;     /**< Unit in verdicts; NULL: "period" (for the graph's KPIs: their frequency). */
    okr_correction correction; /**< Version >= 2: across every driver x lag (OKR_CORRECTION_FDR_BH). */
} okr_lead_options;
/** Initialiser of okr_lead_options with the current version and the defaults. */
#define OKR_LEAD_OPTIONS_INIT \
    {OKR_LEAD_OPTIONS_VERSION, NULL, 0, OKR_CORR_SPEARMAN, OKR_TRANSFORM_NONE, 1, 0.05, 0.95, 3, NULL, OKR_CORRECTION_FDR_BH}
/**
 * Sets leading-indicator options to the defaults (OKR_LEAD_OPTIONS_INIT).
 *
 * @param[out] opts The options to initialise; NULL does nothing.
 * @par Ownership
 * Nothing to free; `*opts` belongs to the caller.
 * @par Thread-safety
 * Safe from any thread: writes `*opts` only.
 */
OKR_API void okr_lead_options_init(okr_lead_options *opts);

typedef struct okr_lead_result okr_lead_result; /**< One row per driver, sorted by q then |r| (opaque). */
/** Version of okr_lead_row that this header declares. */
#define OKR_LEAD_ROW_VERSION 1u
/**
 * One driver's best lag in a leading-indicator scan (okr_lead_result_get()).
 *
 * The best lag has the smallest q, then the largest |r|, then the smallest |lag|. Set `version`
 * and `stats.version` (OKR_LEAD_ROW_INIT does) before the call.
 */
typedef struct okr_lead_row {
    unsigned int version; /**< OKR_LEAD_ROW_VERSION. */
    size_t driver;        /**< Column index into `drivers` (for the graph's KPIs: into the scanned ids). */
    const char *name;     /**< The driver's name, borrowed from the result. */
    int lag;              /**< The best lag (k > 0: the driver leads by k periods). */
    okr_pair_stats stats; /**< Statistics at that lag; set stats.version too (OKR_LEAD_ROW_INIT does). */
    double q;             /**< Adjusted p-value across every driver x lag tested. */
    double n_eff;         /**< Effective number of pairs. */
    /** @var okr_lead_row::slope
     * Least squares of the outcome on the lagged driver: outcome units per driver unit (of the
     * transformed series). */
    /** @var okr_lead_row::slope_low
     * Low end of the slope's t interval. */
    /** @var okr_lead_row::slope_high
     * High end of the slope's t interval. */
    double slope, slope_low, slope_high;
    int trending;         /**< 1: the raw driver or outcome trends strongly (|Spearman rho with time| >= 0.5). */
    int low_confidence;   /**< 1: fewer than 20 pairs. */
    const char *verdict;  /**< A plain-text verdict, borrowed from the result. */
} okr_lead_row;
/** Initialiser of okr_lead_row: the current versions (`stats` included), every other field zero
 *  or NULL. */
#define OKR_LEAD_ROW_INIT {OKR_LEAD_ROW_VERSION, 0, NULL, 0, OKR_PAIR_STATS_INIT, 0, 0, 0, 0, 0, 0, 0, NULL}

/**
 * Scans drivers for leading indicators of an outcome.
 *
 * Every column of `drivers` (rows x cols, column-major) against `outcome` (rows), at every lag
 * of the options; one row per driver at its best lag, sorted by q then |r| (docs/correlation.md).
 * `names`: cols driver names (NULL: "x0", "x1", ...); `outcome_name` NULL: "outcome".
 *
 * @param[in] drivers The driver series, `rows` × `cols`, column-major; may be NULL when either
 *            is 0.
 * @param rows Number of periods.
 * @param cols Number of drivers.
 * @param[in] outcome The outcome series, `rows` values; may be NULL when `rows` is 0.
 * @param[in] names `cols` driver names, or NULL for "x0", "x1", ...
 * @param[in] outcome_name The outcome's name in verdicts, or NULL for "outcome".
 * @param[in] opts The options, or NULL for the defaults.
 * @param[out] out Receives the result.
 * @retval OKR_OK `*out` holds the result.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL; `drivers` or `outcome` is NULL while not
 *         empty, or the sizes are too large; an element of `names` is NULL; `opts->lags` is NULL
 *         while `opts->nlags` is not 0; an option is out of range (`method`, `transform`,
 *         `correction`, `alpha`, `level`, `min_periods`); a value is infinite; or a lag leaves
 *         no overlap with `rows` periods.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_lead_result_free(); it holds copies of the names.
 * The inputs are read during the call only. On error `*out` is not written.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; the inputs must not change during the call. Uses
 * up to one worker thread per core, started and joined inside the call (`OKR_NUM_THREADS`
 * limits them).
 */
OKR_API okr_status okr_leading_indicators(const double *drivers, size_t rows, size_t cols, const double *outcome,
                                          const char *const *names, const char *outcome_name,
                                          const okr_lead_options *opts, okr_lead_result **out);
/**
 * Frees a leading-indicator result.
 *
 * @param r The result; NULL does nothing.
 * @par Ownership
 * Releases `r` and the strings borrowed from it (okr_lead_row::name, okr_lead_row::verdict).
 * @par Thread-safety
 * Every other call on `r` must have finished; `r` must not be used afterwards.
 */
OKR_API void okr_lead_result_free(okr_lead_result *r);
/**
 * Counts the rows of a leading-indicator result.
 *
 * @param r The result.
 * @param[out] out Receives the number of rows (one per driver).
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_lead_result_count(const okr_lead_result *r, size_t *out);
/**
 * Copies row `i` of a leading-indicator result.
 *
 * @param r The result.
 * @param i Index of the row, below okr_lead_result_count().
 * @param[in,out] out In: `version` and `stats.version` set (OKR_LEAD_ROW_INIT). Out: the row.
 * @retval OKR_OK `*out` holds the row.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `out` is NULL.
 * @retval OKR_ERR_VERSION `out->version` or `out->stats.version` is 0 or newer than the
 *         library's.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `out->name` and `out->verdict` are borrowed from `r`: valid until okr_lead_result_free(r).
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_lead_result_get(const okr_lead_result *r, size_t i, okr_lead_row *out);

/**
 * Scans the graph's KPIs for leading indicators of one of them.
 *
 * The same scan as okr_leading_indicators() on the graph's KPIs bucketed to `freq` ("D", "W",
 * "MS", "QS"; NULL: "W"): `outcome` is a KPI id; `drivers` (n_drivers ids) the KPIs to scan,
 * NULL/0: every other KPI. Unknown ids give OKR_ERR_NOT_FOUND naming them. The unit of the
 * verdicts follows `freq` unless the options set `period`.
 *
 * @param g The graph.
 * @param[in] outcome The outcome KPI's id.
 * @param[in] drivers `n_drivers` KPI ids, or NULL with `n_drivers` 0 for every other KPI.
 * @param n_drivers Number of elements of `drivers`.
 * @param[in] freq The bucketing frequency, as for okr_graph_kpis(); NULL for "W".
 * @param[in] opts The options, or NULL for the defaults.
 * @param[out] out Receives the result; okr_lead_row::driver indexes the scanned KPIs.
 * @retval OKR_OK `*out` holds the result.
 * @retval OKR_ERR_INVALID_ARGUMENT `g`, `outcome` or `out` is NULL; `drivers` (or an element of
 *         it) is NULL while `n_drivers` is not 0; `freq` is not a frequency; a driver is the
 *         outcome; there is no driver KPI besides the outcome; an option is out of range; or a
 *         lag leaves no overlap with the KPIs' periods.
 * @retval OKR_ERR_NOT_FOUND `outcome` or a driver names no KPI of the graph.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_LIMIT The KPIs' observations span more periods × KPIs than a KPI matrix may
 *         hold (2^28 cells).
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_lead_result_free(); it does not refer to the
 * graph. On error `*out` is not written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it. Uses up to one worker thread per core, started and joined inside
 * the call (`OKR_NUM_THREADS` limits them).
 */
OKR_API okr_status okr_graph_leading_indicators(const okr_graph *g, const char *outcome, const char *const *drivers,
                                                size_t n_drivers, const char *freq, const okr_lead_options *opts,
                                                okr_lead_result **out);

/** @} */

/**
 * @name KPI series
 * The graph's KPI series on a calendar (docs/correlation.md, docs/format.md).
 */
/** @{ */

/**
 * The graph's KPI series bucketed to a frequency (okr_graph_kpis()).
 *
 * The graph's KPI series bucketed to `freq` ("D", "W", "MS", "QS"; NULL: "W"): periods x KPIs,
 * column-major, NaN where a period has no observation. Opaque.
 */
typedef struct okr_kpi_matrix okr_kpi_matrix;
/**
 * Buckets the graph's KPI series to a frequency.
 *
 * Each KPI's observations in a period are combined by its aggregation (sum, mean, last). The
 * periods run from the one holding the earliest observation of any KPI to the one holding the
 * latest; the KPIs are in document order.
 *
 * @param g The graph.
 * @param[in] freq "D", "W", "MS" or "QS" (also "day", "week", "W-MON", "month", "M", "quarter",
 *            "Q"); NULL for "W".
 * @param[out] out Receives the matrix.
 * @retval OKR_OK `*out` holds the matrix.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL, or `freq` is not a frequency.
 * @retval OKR_ERR_LIMIT The observations span more periods × KPIs than 2^28 cells (the message
 *         names the span).
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_kpi_matrix_free(); it does not refer to the
 * graph. On error `*out` is not written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_kpis(const okr_graph *g, const char *freq, okr_kpi_matrix **out);
/**
 * Frees a KPI matrix.
 *
 * @param m The matrix; NULL does nothing.
 * @par Ownership
 * Releases `m`, its values and the strings borrowed from it.
 * @par Thread-safety
 * Every other call on `m` must have finished; `m` must not be used afterwards.
 */
OKR_API void okr_kpi_matrix_free(okr_kpi_matrix *m);
/**
 * Gives the shape of a KPI matrix.
 *
 * @param m The matrix.
 * @param[out] periods Receives the number of periods (rows); may be NULL.
 * @param[out] kpis Receives the number of KPIs (columns); may be NULL.
 * @retval OKR_OK The non-NULL out-parameters hold the shape.
 * @retval OKR_ERR_INVALID_ARGUMENT `m` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `m` only: any number of threads may read one matrix at the same time.
 */
OKR_API okr_status okr_kpi_matrix_shape(const okr_kpi_matrix *m, size_t *periods, size_t *kpis);
/**
 * Gives the start of period `i` of a KPI matrix.
 *
 * "YYYY-MM-DD" start of period i (borrowed from the handle).
 *
 * @param m The matrix.
 * @param i Index of the period, below the number of periods.
 * @param[out] start Receives the period's first day, "YYYY-MM-DD".
 * @retval OKR_OK `*start` points to the date.
 * @retval OKR_ERR_INVALID_ARGUMENT `m` or `start` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*start` is borrowed from `m`: valid until okr_kpi_matrix_free(m).
 * @par Thread-safety
 * Reads `m` only: any number of threads may read one matrix at the same time.
 */
OKR_API okr_status okr_kpi_matrix_period(const okr_kpi_matrix *m, size_t i, const char **start);
/**
 * Gives the id of KPI `j` of a KPI matrix.
 *
 * @param m The matrix.
 * @param j Index of the KPI (column), below the number of KPIs.
 * @param[out] id Receives the KPI's id.
 * @retval OKR_OK `*id` points to the id.
 * @retval OKR_ERR_INVALID_ARGUMENT `m` or `id` is NULL.
 * @retval OKR_ERR_NOT_FOUND `j` is out of range.
 * @par Ownership
 * `*id` is borrowed from `m`: valid until okr_kpi_matrix_free(m).
 * @par Thread-safety
 * Reads `m` only: any number of threads may read one matrix at the same time.
 */
OKR_API okr_status okr_kpi_matrix_id(const okr_kpi_matrix *m, size_t j, const char **id);
/**
 * Gives the values of a KPI matrix.
 *
 * The values, periods x kpis column-major (value of period i, KPI j at i + j × periods; NaN where
 * the period has no observation).
 *
 * @param m The matrix.
 * @param[out] values Receives a pointer to periods × kpis doubles; may receive NULL when the
 *             matrix is empty.
 * @retval OKR_OK `*values` points to the values.
 * @retval OKR_ERR_INVALID_ARGUMENT `m` or `values` is NULL.
 * @par Ownership
 * `*values` is borrowed from `m`: valid until okr_kpi_matrix_free(m). Do not free or write it.
 * @par Thread-safety
 * Reads `m` only: any number of threads may read one matrix at the same time.
 */
OKR_API okr_status okr_kpi_matrix_values(const okr_kpi_matrix *m, const double **values);

/** @} */

/**
 * @name Scorecard
 * The EOS scorecard (docs/scorecard.md).
 */
/** @{ */

/**
 * The EOS scorecard as of a date (okr_graph_scorecard()).
 *
 * The EOS scorecard as of `as_of` (NULL: today): the graph's KPIs over the trailing periods, each
 * cell on or off the goal in force on the period's last day (docs/scorecard.md). Opaque.
 */
typedef struct okr_scorecard okr_scorecard;
/** Version of okr_scorecard_options that this header declares. */
#define OKR_SCORECARD_OPTIONS_VERSION 1u
/**
 * Options of a scorecard.
 *
 * NULL for the defaults, or initialised with OKR_SCORECARD_OPTIONS_INIT /
 * okr_scorecard_options_init.
 */
typedef struct okr_scorecard_options {
    unsigned int version; /**< OKR_SCORECARD_OPTIONS_VERSION. */
    int periods;          /**< Trailing periods, 1 to 1000 (13). */
    const char *freq;     /**< NULL for the frequency the selected KPIs share (different ones are
                               OKR_ERR_INVALID_ARGUMENT), or "W", "MS", "QS" (read as by
                               okr_graph_kpis()). */
    const char *team;     /**< Only the KPIs of this team; NULL or "" for all. */
    const char *owner;    /**< Only the KPIs of this owner; NULL or "" for all. */
} okr_scorecard_options;
/** Initialiser of okr_scorecard_options with the current version and the defaults. */
#define OKR_SCORECARD_OPTIONS_INIT {OKR_SCORECARD_OPTIONS_VERSION, 13, NULL, NULL, NULL}
/**
 * Sets scorecard options to the defaults (OKR_SCORECARD_OPTIONS_INIT).
 *
 * @param[out] opts The options to initialise; NULL does nothing.
 * @par Ownership
 * Nothing to free; `*opts` belongs to the caller.
 * @par Thread-safety
 * Safe from any thread: writes `*opts` only.
 */
OKR_API void okr_scorecard_options_init(okr_scorecard_options *opts);
/**
 * Builds the EOS scorecard as of a date.
 *
 * The graph's KPIs over the trailing periods ending with the one holding `as_of`, each cell on
 * or off the goal in force on the period's last day. A filter that selects no KPI gives an empty
 * scorecard, its periods still listed.
 *
 * @param g The graph.
 * @param[in] as_of The date, "YYYY-MM-DD"; NULL for today (UTC).
 * @param[in] opts The options, or NULL for the defaults.
 * @param[out] out Receives the scorecard.
 * @retval OKR_OK `*out` holds the scorecard.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL; `as_of` is not a date; `periods` is
 *         outside 1 to 1000; `freq` is not a frequency; without `freq`, the selected KPIs
 *         have different frequencies; or the window would start before 0001-01-01.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_scorecard_free(); it holds copies of its strings
 * and does not refer to the graph. On error `*out` is not written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_scorecard(const okr_graph *g, const char *as_of, const okr_scorecard_options *opts,
                                       okr_scorecard **out);
/**
 * Frees a scorecard.
 *
 * @param sc The scorecard; NULL does nothing.
 * @par Ownership
 * Releases `sc`, its values and the strings borrowed from it.
 * @par Thread-safety
 * Every other call on `sc` must have finished; `sc` must not be used afterwards.
 */
OKR_API void okr_scorecard_free(okr_scorecard *sc);
/**
 * Gives the shape of a scorecard.
 *
 * @param sc The scorecard.
 * @param[out] kpis Receives the number of KPIs (rows); may be NULL.
 * @param[out] periods Receives the number of periods (columns); may be NULL.
 * @retval OKR_OK The non-NULL out-parameters hold the shape.
 * @retval OKR_ERR_INVALID_ARGUMENT `sc` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `sc` only: any number of threads may read one scorecard at the same time.
 */
OKR_API okr_status okr_scorecard_shape(const okr_scorecard *sc, size_t *kpis, size_t *periods);
/**
 * Gives the id of KPI `i` of a scorecard.
 *
 * KPI i's id, borrowed from the handle; the KPIs are in document order.
 *
 * @param sc The scorecard.
 * @param i Index of the KPI (row), below the number of KPIs.
 * @param[out] id Receives the KPI's id.
 * @retval OKR_OK `*id` points to the id.
 * @retval OKR_ERR_INVALID_ARGUMENT `sc` or `id` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*id` is borrowed from `sc`: valid until okr_scorecard_free(sc).
 * @par Thread-safety
 * Reads `sc` only: any number of threads may read one scorecard at the same time.
 */
OKR_API okr_status okr_scorecard_kpi(const okr_scorecard *sc, size_t i, const char **id);
/**
 * Gives the start of period `j` of a scorecard.
 *
 * Period j's "YYYY-MM-DD" start (oldest first), borrowed from the handle.
 *
 * @param sc The scorecard.
 * @param j Index of the period (column), below the number of periods; 0 is the oldest.
 * @param[out] start Receives the period's first day, "YYYY-MM-DD".
 * @retval OKR_OK `*start` points to the date.
 * @retval OKR_ERR_INVALID_ARGUMENT `sc` or `start` is NULL.
 * @retval OKR_ERR_NOT_FOUND `j` is out of range.
 * @par Ownership
 * `*start` is borrowed from `sc`: valid until okr_scorecard_free(sc).
 * @par Thread-safety
 * Reads `sc` only: any number of threads may read one scorecard at the same time.
 */
OKR_API okr_status okr_scorecard_period(const okr_scorecard *sc, size_t j, const char **start);
/**
 * Gives the values of a scorecard.
 *
 * The values, kpis x periods row-major (KPI i, period j at i × periods + j; NaN: no value), each
 * KPI's observations in the period combined by its aggregation.
 *
 * @param sc The scorecard.
 * @param[out] values Receives a pointer to kpis × periods doubles; may receive NULL when the
 *             scorecard has no KPI.
 * @retval OKR_OK `*values` points to the values.
 * @retval OKR_ERR_INVALID_ARGUMENT `sc` or `values` is NULL.
 * @par Ownership
 * `*values` is borrowed from `sc`: valid until okr_scorecard_free(sc). Do not free or write it.
 * @par Thread-safety
 * Reads `sc` only: any number of threads may read one scorecard at the same time.
 */
OKR_API okr_status okr_scorecard_values(const okr_scorecard *sc, const double **values);
/**
 * Gives the verdict of one cell of a scorecard.
 *
 * Cell (i, j): 1 on goal, 0 off goal, -1 no verdict (no value, or no goal in force).
 *
 * @param sc The scorecard.
 * @param i Index of the KPI (row).
 * @param j Index of the period (column).
 * @param[out] on_goal Receives 1, 0 or -1.
 * @retval OKR_OK `*on_goal` holds the verdict.
 * @retval OKR_ERR_INVALID_ARGUMENT `sc` or `on_goal` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` or `j` is out of range.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `sc` only: any number of threads may read one scorecard at the same time.
 */
OKR_API okr_status okr_scorecard_on_goal(const okr_scorecard *sc, size_t i, size_t j, int *on_goal);
/** Version of okr_scorecard_row that this header declares. */
#define OKR_SCORECARD_ROW_VERSION 1u
/**
 * One KPI's summary in a scorecard (okr_scorecard_row_get()).
 *
 * KPI i's summary (initialise with OKR_SCORECARD_ROW_INIT); strings borrowed from the handle.
 */
typedef struct okr_scorecard_row {
    unsigned int version;  /**< OKR_SCORECARD_ROW_VERSION. */
    const char *goal;      /**< The goal in force in the last period as written: ">= 5", "3–5" with an en dash,
                                "< 3 or > 5"; "" without a goal. */
    /** @var okr_scorecard_row::avg_4
     * Mean of the last 4 periods' values, missing left out (none: NaN). */
    /** @var okr_scorecard_row::avg_13
     * Mean of the last 13 periods' values (or of the window, if shorter), missing left out
     * (none: NaN). */
    double avg_4, avg_13;
    double total;          /**< Sum over the window (none: NaN). */
    double on_goal_share;  /**< On-goal cells / cells with a verdict (none: NaN). */
    double trend;          /**< Least-squares slope per period (fewer than 2 values: NaN). */
    int off_goal_streak;   /**< Consecutive off-goal periods ending with the newest verdict. */
} okr_scorecard_row;
/** Initialiser of okr_scorecard_row: the current version, every other field zero or NULL. */
#define OKR_SCORECARD_ROW_INIT {OKR_SCORECARD_ROW_VERSION, NULL, 0, 0, 0, 0, 0, 0}
/**
 * Copies the summary of KPI `i` of a scorecard.
 *
 * @param sc The scorecard.
 * @param i Index of the KPI (row), below the number of KPIs.
 * @param[in,out] out In: `version` set (OKR_SCORECARD_ROW_INIT). Out: the summary.
 * @retval OKR_OK `*out` holds the summary.
 * @retval OKR_ERR_INVALID_ARGUMENT `sc` or `out` is NULL.
 * @retval OKR_ERR_VERSION `out->version` is 0 or newer than the library's.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `out->goal` is borrowed from `sc`: valid until okr_scorecard_free(sc).
 * @par Thread-safety
 * Reads `sc` only: any number of threads may read one scorecard at the same time.
 */
OKR_API okr_status okr_scorecard_row_get(const okr_scorecard *sc, size_t i, okr_scorecard_row *out);

/** @} */

/**
 * @name Rocks
 * EOS Rocks (docs/rocks.md). A Rock is an objective with flavor "rock".
 */
/** @{ */

/** State of a Rock, set by its owner (okr_graph_set_rock_state()). */
typedef enum okr_rock_state {
    OKR_ROCK_OPEN = 0,     /**< Not closed yet. */
    OKR_ROCK_DONE = 1,     /**< Closed as done. */
    OKR_ROCK_NOT_DONE = 2, /**< Closed as not done. */
    OKR_ROCK_CANCELED = 3  /**< Canceled. */
} okr_rock_state;
/** Status of an owner's report on a Rock (okr_graph_report_rock()). */
typedef enum okr_rock_report_status {
    OKR_REPORT_NONE = -1,    /**< In okr_rock_row.reported: no report on or before the date. Not a valid
                                  report. */
    OKR_REPORT_ON_TRACK = 0, /**< Reported on track. */
    OKR_REPORT_OFF_TRACK = 1 /**< Reported off track. */
} okr_rock_report_status;
/**
 * Computed status of a Rock as of a date.
 *
 * The state once closed; planned before its cycle starts; once its cycle has ended, done if its
 * score is 1, else not done; otherwise off track when a milestone is overdue or, once it has a
 * check-in, the forecast of its score at the cycle end is below 1; else on track.
 */
typedef enum okr_rock_status {
    OKR_ROCK_STATUS_PLANNED = 0,   /**< Open, and its cycle has not started. */
    OKR_ROCK_STATUS_ON_TRACK = 1,  /**< Open in a running cycle, and not off track. */
    OKR_ROCK_STATUS_OFF_TRACK = 2, /**< Open in a running cycle: a milestone is overdue, or the forecast says
                                        it will not finish. */
    OKR_ROCK_STATUS_DONE = 3,      /**< Closed as done, or open with a score of 1 after its cycle ended. */
    OKR_ROCK_STATUS_NOT_DONE = 4,  /**< Closed as not done, or open below 1 after its cycle ended. */
    OKR_ROCK_STATUS_CANCELED = 5   /**< Canceled. */
} okr_rock_status;

/**
 * Records the owner's report on a Rock.
 *
 * Records the owner's report on Rock `rock_id` ("YYYY-MM-DD"; note may be NULL). A node that is
 * not a Rock, or a status outside the enum, is an error; the graph is then unchanged. Reports
 * are kept in date order.
 *
 * @param g The graph.
 * @param[in] rock_id The Rock's id.
 * @param[in] date The report's date, "YYYY-MM-DD".
 * @param status OKR_REPORT_ON_TRACK or OKR_REPORT_OFF_TRACK.
 * @param[in] note A note, or NULL for none.
 * @retval OKR_OK The report is recorded.
 * @retval OKR_ERR_INVALID_ARGUMENT `g`, `rock_id` or `date` is NULL; `date` is not a date;
 *         `status` is not OKR_REPORT_ON_TRACK or OKR_REPORT_OFF_TRACK (OKR_REPORT_NONE
 *         included); or `rock_id` names a node that is not a Rock.
 * @retval OKR_ERR_NOT_FOUND `rock_id` names no node.
 * @retval OKR_ERR_PARSE The note is not valid UTF-8.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The strings are copied; the caller keeps them. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_report_rock(okr_graph *g, const char *rock_id, const char *date, okr_rock_report_status status,
                                         const char *note);
/**
 * Closes (or reopens) a Rock.
 *
 * Sets the state of Rock `rock_id`; OKR_ROCK_OPEN reopens it.
 *
 * @param g The graph.
 * @param[in] rock_id The Rock's id.
 * @param state The new state.
 * @retval OKR_OK The state is set.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `rock_id` is NULL; `state` is not an okr_rock_state;
 *         or `rock_id` names a node that is not a Rock.
 * @retval OKR_ERR_NOT_FOUND `rock_id` names no node.
 * @par Ownership
 * Nothing to free; `rock_id` is read during the call only.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_set_rock_state(okr_graph *g, const char *rock_id, okr_rock_state state);
/**
 * Sets the Rock of an earlier cycle that a Rock continues.
 *
 * Sets the Rock of an earlier cycle that `rock_id` continues (NULL or "": none). Both Rocks
 * need a cycle, the earlier one's starting before the other's, and the lineage must not form a
 * cycle. On error the graph is unchanged.
 *
 * @param g The graph.
 * @param[in] rock_id The Rock's id.
 * @param[in] from_id The id of the Rock it continues, or NULL or "" for none.
 * @retval OKR_OK The lineage is set.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `rock_id` is NULL; `rock_id` or `from_id` names a node
 *         that is not a Rock; either Rock has no cycle; or `from_id`'s cycle does not start
 *         before `rock_id`'s.
 * @retval OKR_ERR_NOT_FOUND `rock_id` or `from_id` names no node.
 * @retval OKR_ERR_CYCLE The lineage would come back to `rock_id` (the message lists it).
 * @retval OKR_ERR_PARSE `from_id` is not valid UTF-8.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `from_id` is copied; the caller keeps the strings. Nothing to free.
 * @par Thread-safety
 * Modifies `g`: needs exclusive access to it (no other call on `g` at the same time).
 */
OKR_API okr_status okr_graph_set_carried_from(okr_graph *g, const char *rock_id, const char *from_id);

/**
 * Every Rock as of a date (okr_graph_rocks()).
 *
 * Every Rock as of `as_of` (NULL: today), in document order, with its milestones and findings.
 * The handle owns its strings and outlives the graph. Opaque.
 */
typedef struct okr_rocks okr_rocks;
/**
 * Computes every Rock's status as of a date.
 *
 * Every Rock as of `as_of`, in document order, with its milestones, its computed and reported
 * status, and findings where the two disagree.
 *
 * @param g The graph.
 * @param[in] as_of The date, "YYYY-MM-DD"; NULL for today (UTC).
 * @param[out] out Receives the result.
 * @retval OKR_OK `*out` holds the result.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL, or `as_of` is not a date.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_rocks_free(); it owns its strings and outlives
 * the graph. On error `*out` is not written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it.
 */
OKR_API okr_status okr_graph_rocks(const okr_graph *g, const char *as_of, okr_rocks **out);
/**
 * Frees a Rocks result.
 *
 * @param r The result; NULL does nothing.
 * @par Ownership
 * Releases `r` and every string borrowed from it.
 * @par Thread-safety
 * Every other call on `r` must have finished (okr_rock_completion results made from it are
 * independent); `r` must not be used afterwards.
 */
OKR_API void okr_rocks_free(okr_rocks *r);
/**
 * Counts the Rocks of a Rocks result.
 *
 * @param r The result.
 * @param[out] rocks Receives the number of Rocks.
 * @retval OKR_OK `*rocks` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `rocks` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_rocks_count(const okr_rocks *r, size_t *rocks);
/** Version of okr_rock_row that this header declares. */
#define OKR_ROCK_ROW_VERSION 1u
/**
 * One Rock of a Rocks result (okr_rocks_row_get()).
 *
 * Set `version` (OKR_ROCK_ROW_INIT) before the call. Strings are borrowed from the okr_rocks
 * handle.
 */
typedef struct okr_rock_row {
    unsigned int version;    /**< OKR_ROCK_ROW_VERSION. */
    /** @var okr_rock_row::id
     * The Rock's id. */
    /** @var okr_rock_row::title
     * Its title ("" when not given). */
    /** @var okr_rock_row::owner
     * Its owner ("" when not given). */
    /** @var okr_rock_row::team
     * Its team ("" when not given). */
    /** @var okr_rock_row::cycle
     * Its cycle's id ("" when it has none). */
    const char *id, *title, *owner, *team, *cycle; /* "" when not given */
    okr_rock_state state;    /**< The state its owner set. */
    okr_rock_status status;  /**< The computed status as of the date. */
    okr_rock_report_status reported; /**< The latest report on or before the date (OKR_REPORT_NONE: none). */
    const char *reported_on; /**< Its date, or NULL. */
    /** @var okr_rock_row::score
     * The Rock's score (NaN: nothing to score). */
    /** @var okr_rock_row::forecast
     * Its forecast at the cycle end (NaN: nothing to score). */
    double score, forecast;  /* NaN: nothing to score */
    /** @var okr_rock_row::milestones_done
     * Milestones with progress 1 or more. */
    /** @var okr_rock_row::milestones_total
     * Milestones (okr_rocks_milestone_count()). */
    /** @var okr_rock_row::overdue_milestones
     * Milestones due before the date and not done. */
    int milestones_done, milestones_total, overdue_milestones;
    const char *carried_from; /**< The id of the Rock it continues; NULL: none. */
    int times_carried;        /**< Length of the carried_from chain. */
} okr_rock_row;
/** Initialiser of okr_rock_row: the current version; `state` OKR_ROCK_OPEN, `status`
 *  OKR_ROCK_STATUS_ON_TRACK, `reported` OKR_REPORT_NONE; every other field zero or NULL. */
#define OKR_ROCK_ROW_INIT {OKR_ROCK_ROW_VERSION, NULL, NULL, NULL, NULL, NULL, OKR_ROCK_OPEN, OKR_ROCK_STATUS_ON_TRACK, \
                           OKR_REPORT_NONE, NULL, 0, 0, 0, 0, 0, NULL, 0}
/**
 * Copies Rock `i` of a Rocks result.
 *
 * @param r The result.
 * @param i Index of the Rock, below okr_rocks_count().
 * @param[in,out] out In: `version` set (OKR_ROCK_ROW_INIT). Out: the Rock.
 * @retval OKR_OK `*out` holds the Rock.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `out` is NULL.
 * @retval OKR_ERR_VERSION `out->version` is 0 or newer than the library's.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The strings of `*out` are borrowed from `r`: valid until okr_rocks_free(r).
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_rocks_row_get(const okr_rocks *r, size_t i, okr_rock_row *out);
/** Version of okr_milestone that this header declares. */
#define OKR_MILESTONE_VERSION 1u
/**
 * A milestone of a Rock (okr_rocks_milestone_get()).
 *
 * Milestone j of Rock i: a stage of a staged milestone key result or a milestone key result.
 * Set `version` (OKR_MILESTONE_INIT) before the call.
 */
typedef struct okr_milestone {
    unsigned int version;     /**< OKR_MILESTONE_VERSION. */
    const char *key_result;   /**< The key result's id. */
    const char *title;        /**< The stage's title (else id), or the key result's title. */
    const char *due;          /**< "YYYY-MM-DD", or NULL. */
    double progress;          /**< The latest progress on or before the date (0 without a check-in). */
    /** @var okr_milestone::done
     * 1: progress >= 1; else 0. */
    /** @var okr_milestone::overdue
     * 1: due before the date and not done; else 0. */
    int done, overdue;        /* progress >= 1; due before the date and not done */
} okr_milestone;
/** Initialiser of okr_milestone: the current version, every other field zero or NULL. */
#define OKR_MILESTONE_INIT {OKR_MILESTONE_VERSION, NULL, NULL, NULL, 0, 0, 0}
/**
 * Counts the milestones of Rock `i`.
 *
 * Its milestone key results in document order, the stages of each in order.
 *
 * @param r The result.
 * @param i Index of the Rock, below okr_rocks_count().
 * @param[out] count Receives the number of milestones.
 * @retval OKR_OK `*count` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `count` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_rocks_milestone_count(const okr_rocks *r, size_t i, size_t *count);
/**
 * Copies milestone `j` of Rock `i`.
 *
 * @param r The result.
 * @param i Index of the Rock, below okr_rocks_count().
 * @param j Index of the milestone, below okr_rocks_milestone_count() of Rock `i`.
 * @param[in,out] out In: `version` set (OKR_MILESTONE_INIT). Out: the milestone.
 * @retval OKR_OK `*out` holds the milestone.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `out` is NULL.
 * @retval OKR_ERR_VERSION `out->version` is 0 or newer than the library's.
 * @retval OKR_ERR_NOT_FOUND `i` or `j` is out of range.
 * @par Ownership
 * The strings of `*out` are borrowed from `r`: valid until okr_rocks_free(r).
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_rocks_milestone_get(const okr_rocks *r, size_t i, size_t j, okr_milestone *out);
/**
 * Counts the findings of a Rocks result.
 *
 * @param r The result.
 * @param[out] count Receives the number of findings.
 * @retval OKR_OK `*count` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `count` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_rocks_finding_count(const okr_rocks *r, size_t *count);
/**
 * Gives finding `i` of a Rocks result.
 *
 * Findings: code "rock_status_disputed", "due_outside_cycle" or "too_many_rocks"; subject: the
 * Rock's id or the owner; milestone: "" if none. Strings borrowed from the handle. Every
 * out-parameter may be NULL.
 *
 * @param r The result.
 * @param i Index of the finding, below okr_rocks_finding_count().
 * @param[out] code Receives the finding's code.
 * @param[out] subject Receives the Rock's id, or the owner.
 * @param[out] milestone Receives the title of the milestone it is about ("" if none; several:
 *             the first).
 * @param[out] message Receives a sentence describing the finding.
 * @retval OKR_OK The non-NULL out-parameters hold the finding.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The strings are borrowed from `r`: valid until okr_rocks_free(r).
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_rocks_finding_get(const okr_rocks *r, size_t i, const char **code, const char **subject,
                                         const char **milestone, const char **message);
/**
 * Completion rates of Rocks per cycle and group (okr_rocks_completion()).
 *
 * Completion per cycle and group: by "owner", "team" or "company"; cycle NULL or "" for every
 * cycle. Rates are done / (rocks - canceled), by computed status: an open Rock of an ended cycle
 * counts as done if its score is 1, else as not done. Opaque.
 */
typedef struct okr_rock_completion okr_rock_completion;
/**
 * Computes completion rates of the Rocks of a result.
 *
 * Rows are ordered by cycle start (Rocks without a cycle last), then group.
 *
 * @param r The Rocks result.
 * @param[in] by "owner", "team" or "company".
 * @param[in] cycle A cycle's id to keep that cycle only, or NULL or "" for every cycle.
 * @param[out] out Receives the rows.
 * @retval OKR_OK `*out` holds the rows.
 * @retval OKR_ERR_INVALID_ARGUMENT `r`, `by` or `out` is NULL, or `by` is not "owner", "team"
 *         or "company".
 * @retval OKR_ERR_NOT_FOUND `cycle` names no cycle of the graph.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_rock_completion_free(); it does not refer to `r`.
 * On error `*out` is not written.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_rocks_completion(const okr_rocks *r, const char *by, const char *cycle, okr_rock_completion **out);
/**
 * Frees completion rows.
 *
 * @param c The rows; NULL does nothing.
 * @par Ownership
 * Releases `c` and the strings borrowed from it.
 * @par Thread-safety
 * Every other call on `c` must have finished; `c` must not be used afterwards.
 */
OKR_API void okr_rock_completion_free(okr_rock_completion *c);
/**
 * Counts completion rows.
 *
 * @param c The rows.
 * @param[out] rows Receives the number of rows.
 * @retval OKR_OK `*rows` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `c` or `rows` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `c` only: any number of threads may read it at the same time.
 */
OKR_API okr_status okr_rock_completion_count(const okr_rock_completion *c, size_t *rows);
/**
 * Gives completion row `i`.
 *
 * Every out-parameter may be NULL.
 *
 * @param c The rows.
 * @param i Index of the row, below okr_rock_completion_count().
 * @param[out] cycle Receives the cycle's id ("" for Rocks without a cycle).
 * @param[out] group Receives the owner or team ("" when none is given), or "company".
 * @param[out] rocks Receives the number of Rocks.
 * @param[out] done Receives how many are done.
 * @param[out] not_done Receives how many are not done.
 * @param[out] open Receives how many are still open.
 * @param[out] canceled Receives how many are canceled.
 * @param[out] rate Receives done / (rocks - canceled), NaN when that is 0.
 * @retval OKR_OK The non-NULL out-parameters hold the row.
 * @retval OKR_ERR_INVALID_ARGUMENT `c` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The strings are borrowed from `c`: valid until okr_rock_completion_free(c).
 * @par Thread-safety
 * Reads `c` only: any number of threads may read it at the same time.
 */
OKR_API okr_status okr_rock_completion_get(const okr_rock_completion *c, size_t i, const char **cycle, const char **group,
                                           size_t *rocks, size_t *done, size_t *not_done, size_t *open, size_t *canceled,
                                           double *rate);

/** @} */

/**
 * @name Coach (lint)
 * The OKR coach (docs/coach.md): lint findings on key results and objectives, by rules whose
 * codes, severities and word lists are a JSON rule table.
 */
/** @{ */
/** Severity of a lint finding. */
typedef enum okr_severity { OKR_SEVERITY_ERROR = 0, OKR_SEVERITY_WARNING = 1, OKR_SEVERITY_INFO = 2 } okr_severity;
/** @var OKR_SEVERITY_ERROR
 * The most severe level. */
/** @var OKR_SEVERITY_WARNING
 * The middle level. */
/** @var OKR_SEVERITY_INFO
 * The least severe level; as okr_lint_options::min_severity it keeps every finding. */
/**
 * Returns the name of a severity.
 *
 * @param s The severity.
 * @return Static text: "error", "warning" or "info"; "" for a value that is not an
 *         okr_severity. Never NULL.
 * @par Ownership
 * Static text: nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state.
 */
OKR_API const char *okr_severity_str(okr_severity s); /* "error", "warning", "info"; "" if unknown */
typedef struct okr_lint_rules okr_lint_rules; /**< A lint rule table (opaque; okr_lint_rules_from_json()). */
/**
 * Returns the bundled English rule table as JSON.
 *
 * @return The table (format "okr-lint-rules"), static and NUL-terminated. Never NULL.
 * @par Ownership
 * Static text: nothing to free; valid for the life of the process.
 * @par Thread-safety
 * Safe from any thread: uses no shared state.
 */
OKR_API const char *okr_lint_rules_default_json(void);
/**
 * Reads a rule table from JSON text.
 *
 * A rule table from JSON text (format "okr-lint-rules"; by default extending the bundled one:
 * each rule it names overrides the fields it gives; with "extends": "none" only the rules it
 * names run).
 * Errors name the entry: OKR_ERR_PARSE (not JSON), OKR_ERR_VERSION, OKR_ERR_INVALID_ARGUMENT
 * (unknown code, severity or field; a malformed word list). `json` need not be NUL-terminated.
 *
 * @param[in] json The table, `len` bytes; may be NULL when `len` is 0.
 * @param len Length of `json` in bytes.
 * @param[out] out Receives the rule table.
 * @retval OKR_OK `*out` holds the rule table.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL, or `json` is NULL while `len` is not 0; or an
 *         entry is invalid: an unknown field, rule code or severity, a value of the wrong type
 *         or range, or a malformed word list.
 * @retval OKR_ERR_PARSE The text is empty or not JSON, or its top level is not an object.
 * @retval OKR_ERR_VERSION "format" is not "okr-lint-rules" or "version" is not 1.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_lint_rules_free(). `json` is read during the
 * call only. On error `*out` is not written.
 * @par Thread-safety
 * Safe from any thread: the bundled table it extends is built once, safely. The rule table may
 * be used by any number of okr_graph_lint() calls at the same time.
 */
OKR_API okr_status okr_lint_rules_from_json(const char *json, size_t len, okr_lint_rules **out);
/**
 * Frees a rule table.
 *
 * @param rules The rule table; NULL does nothing.
 * @par Ownership
 * Releases `rules`.
 * @par Thread-safety
 * Every call using `rules` (okr_graph_lint() with it in its options) must have finished; `rules`
 * must not be used afterwards.
 */
OKR_API void okr_lint_rules_free(okr_lint_rules *rules);
/** Version of okr_lint_options that this header declares. */
#define OKR_LINT_OPTIONS_VERSION 1u
/**
 * Options of okr_graph_lint().
 *
 * Initialise with OKR_LINT_OPTIONS_INIT or okr_lint_options_init(). New fields are only ever
 * appended.
 */
typedef struct okr_lint_options {
    unsigned int version;         /**< OKR_LINT_OPTIONS_VERSION. */
    const okr_lint_rules *rules;  /**< NULL: the bundled table; borrowed for the call only. */
    okr_severity min_severity;    /**< Keep findings at least this severe (OKR_SEVERITY_INFO: all). */
} okr_lint_options;
/** Initialiser of okr_lint_options: the current version, the bundled rules, every finding. */
#define OKR_LINT_OPTIONS_INIT {OKR_LINT_OPTIONS_VERSION, NULL, OKR_SEVERITY_INFO}
/**
 * Sets lint options to the defaults (OKR_LINT_OPTIONS_INIT).
 *
 * @param[out] opts The options to initialise; NULL does nothing.
 * @par Ownership
 * Nothing to free; `*opts` belongs to the caller.
 * @par Thread-safety
 * Safe from any thread: writes `*opts` only.
 */
OKR_API void okr_lint_options_init(okr_lint_options *opts);
typedef struct okr_lint_result okr_lint_result; /**< The findings of okr_graph_lint() (opaque). */
/**
 * Lints the graph's objectives and key results.
 *
 * Lints the graph; `opts` may be NULL (the bundled rules, every finding).
 *
 * @param g The graph.
 * @param[in] opts The options, or NULL for the defaults.
 * @param[out] out Receives the findings.
 * @retval OKR_OK `*out` holds the findings.
 * @retval OKR_ERR_INVALID_ARGUMENT `g` or `out` is NULL, or `opts->min_severity` is not an
 *         okr_severity.
 * @retval OKR_ERR_VERSION `opts->version` is not a known version.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_lint_result_free(); the result owns its strings
 * and outlives the graph and the rule table. On error `*out` is not written.
 * @par Thread-safety
 * Reads `g` only: may run at the same time as other read-only calls on the same graph, but not
 * with a call that modifies it. `opts->rules` may be shared by concurrent calls.
 */
OKR_API okr_status okr_graph_lint(const okr_graph *g, const okr_lint_options *opts, okr_lint_result **out);
/**
 * Frees lint findings.
 *
 * @param r The findings; NULL does nothing.
 * @par Ownership
 * Releases `r` and the strings borrowed from it.
 * @par Thread-safety
 * Every other call on `r` must have finished; `r` must not be used afterwards.
 */
OKR_API void okr_lint_result_free(okr_lint_result *r);
/**
 * Counts lint findings.
 *
 * @param r The findings.
 * @param[out] count Receives the number of findings.
 * @retval OKR_OK `*count` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `count` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_lint_result_count(const okr_lint_result *r, size_t *count);
/** Version of okr_lint_finding that this header declares. */
#define OKR_LINT_FINDING_VERSION 1u
/**
 * One lint finding (okr_lint_result_get()).
 *
 * Set `version` (OKR_LINT_FINDING_INIT) before the call. Strings are borrowed from the
 * okr_lint_result handle.
 */
typedef struct okr_lint_finding {
    unsigned int version;  /**< OKR_LINT_FINDING_VERSION. */
    const char *code;      /**< The rule's code: "kr_task_like", ... (docs/coach.md). */
    okr_severity severity; /**< The rule's severity. */
    const char *id;        /**< The node's id, or the owner / team ("" : the organisation). */
    const char *field;     /**< "title", "why_now", ... ("" when none applies). */
    /** @var okr_lint_finding::message
     * What is wrong, in a sentence. */
    /** @var okr_lint_finding::question
     * A coaching question for the author. */
    /** @var okr_lint_finding::suggestion
     * A suggested rewrite or fix; "" when none. */
    const char *message, *question, *suggestion; /* suggestion: "" when none */
} okr_lint_finding;
/** Initialiser of okr_lint_finding: the current version, every other field NULL (severity
 *  OKR_SEVERITY_WARNING). */
#define OKR_LINT_FINDING_INIT {OKR_LINT_FINDING_VERSION, NULL, OKR_SEVERITY_WARNING, NULL, NULL, NULL, NULL, NULL}
/**
 * Copies lint finding `i`.
 *
 * Finding i (strings borrowed from the result).
 *
 * @param r The findings.
 * @param i Index of the finding, below okr_lint_result_count().
 * @param[in,out] out In: `version` set (OKR_LINT_FINDING_INIT). Out: the finding.
 * @retval OKR_OK `*out` holds the finding.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `out` is NULL.
 * @retval OKR_ERR_VERSION `out->version` is 0 or newer than the library's.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * The strings of `*out` are borrowed from `r`: valid until okr_lint_result_free(r).
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one result at the same time.
 */
OKR_API okr_status okr_lint_result_get(const okr_lint_result *r, size_t i, okr_lint_finding *out);

/** @} */

/**
 * @name Regression and further correlation
 * Least squares, partial and rolling correlation, all pairs of columns, q-values
 * (docs/correlation.md). Arrays follow the conventions of the Correlation group.
 */
/** @{ */

/** A fitted least-squares model (okr_ols()). Opaque. */
typedef struct okr_ols_result okr_ols_result;
/**
 * Fits ordinary least squares of y on the columns of X.
 *
 * Ordinary least squares of y on the columns of X (rows x cols, column-major; rows with a NaN
 * dropped), as statsmodels OLS: an intercept "const" first when `add_intercept`; `cov_type`
 * "nonrobust" (NULL) or "HAC" (Newey-West; `maxlags` < 0: floor(4 (n/100)^(2/9)), n the rows
 * used).
 *
 * @param[in] X The regressors, `rows` × `cols`, column-major; may be NULL when either is 0.
 * @param rows Number of observations.
 * @param cols Number of regressors.
 * @param[in] y The dependent variable, `rows` values; may be NULL when `rows` is 0.
 * @param[in] names `cols` regressor names, or NULL for "x1", "x2", ...
 * @param add_intercept Non-zero: add an intercept "const".
 * @param[in] cov_type "nonrobust" or "HAC" ("hac" too); NULL for "nonrobust".
 * @param maxlags HAC lags; below 0 for the rule above. Ignored for "nonrobust".
 * @param[out] out Receives the fit.
 * @retval OKR_OK `*out` holds the fit.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL; `X` or `y` is NULL while not empty, or the
 *         sizes are too large; an element of `names` is NULL; `cov_type` is unknown; a value is
 *         infinite; there is no regressor; there are fewer complete rows than parameters + 1;
 *         or the regressors are collinear over the complete rows.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_ols_result_free(); it holds copies of the names.
 * The inputs are read during the call only. On error `*out` is not written.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; the inputs must not change during the call.
 */
OKR_API okr_status okr_ols(const double *X, size_t rows, size_t cols, const double *y, const char *const *names,
                           int add_intercept, const char *cov_type, int maxlags, okr_ols_result **out);
/**
 * Frees a least-squares fit.
 *
 * @param r The fit; NULL does nothing.
 * @par Ownership
 * Releases `r` and the names borrowed from it.
 * @par Thread-safety
 * Every other call on `r` must have finished; `r` must not be used afterwards.
 */
OKR_API void okr_ols_result_free(okr_ols_result *r);
/**
 * Counts the parameters of a least-squares fit.
 *
 * @param r The fit.
 * @param[out] out Receives the number of parameters (the intercept included).
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one fit at the same time.
 */
OKR_API okr_status okr_ols_param_count(const okr_ols_result *r, size_t *out);
/**
 * Gives parameter `i` of a least-squares fit.
 *
 * Parameter i: name (borrowed), coefficient, standard error, t (or z) value, two-sided p-value
 * (t distribution; normal for HAC). Every out-parameter may be NULL.
 *
 * @param r The fit.
 * @param i Index of the parameter, below okr_ols_param_count().
 * @param[out] name Receives the parameter's name.
 * @param[out] param Receives the coefficient.
 * @param[out] bse Receives its standard error.
 * @param[out] tvalue Receives its t value (z for HAC).
 * @param[out] pvalue Receives its two-sided p-value.
 * @retval OKR_OK The non-NULL out-parameters hold the parameter.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @par Ownership
 * `*name` is borrowed from `r`: valid until okr_ols_result_free(r).
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one fit at the same time.
 */
OKR_API okr_status okr_ols_param(const okr_ols_result *r, size_t i, const char **name, double *param, double *bse,
                                 double *tvalue, double *pvalue);
/**
 * Gives the goodness of fit of a least-squares fit.
 *
 * Every out-parameter may be NULL.
 *
 * @param r The fit.
 * @param[out] rsquared Receives R² (centred when the model has a constant; NaN when y does not
 *             vary).
 * @param[out] rsquared_adj Receives the adjusted R².
 * @param[out] nobs Receives the number of rows used.
 * @param[out] df_resid Receives the residual degrees of freedom (rows used less parameters).
 * @retval OKR_OK The non-NULL out-parameters hold the values.
 * @retval OKR_ERR_INVALID_ARGUMENT `r` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `r` only: any number of threads may read one fit at the same time.
 */
OKR_API okr_status okr_ols_fit(const okr_ols_result *r, double *rsquared, double *rsquared_adj, size_t *nobs,
                               double *df_resid);
/**
 * Computes the partial correlation of two series given covariates.
 *
 * Partial correlation of x and y (n each) given k covariates (n x k, column-major; may be NULL
 * when k = 0), by the residual method; Pearson or Spearman. Rows with a missing value are left
 * out.
 *
 * @param[in] x The first series, `n` values; may be NULL when `n` is 0.
 * @param[in] y The second series, `n` values; may be NULL when `n` is 0.
 * @param n Length of the series.
 * @param[in] covariates The covariates, `n` × `k`, column-major; may be NULL when `n` or `k` is 0.
 * @param k Number of covariates.
 * @param method OKR_CORR_PEARSON or OKR_CORR_SPEARMAN.
 * @param min_periods Fewest complete rows for a coefficient; at least 2.
 * @param level Confidence level of the interval, in (0, 1).
 * @param[in,out] out In: `version` set (OKR_PAIR_STATS_INIT). Out: the statistics.
 * @retval OKR_OK `*out` holds the statistics.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL; an input is NULL while not empty, or the sizes
 *         are too large; `method` is OKR_CORR_KENDALL or not an okr_corr_method; `min_periods`
 *         is below 2; `level` is outside (0, 1); a value is infinite; or the covariates are
 *         collinear over the complete rows.
 * @retval OKR_ERR_VERSION `out->version` is 0 or newer than the library's.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The inputs are read during the call only. Nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; the inputs must not change during the call.
 */
OKR_API okr_status okr_partial_correlation(const double *x, const double *y, size_t n, const double *covariates,
                                           size_t k, okr_corr_method method, int min_periods, double level,
                                           okr_pair_stats *out);
/**
 * Computes a rolling Pearson correlation.
 *
 * Rolling Pearson correlation over `window` periods into out (n values; NaN where undefined);
 * min_periods < 0: window. Each value uses the complete pairs of the window ending at that
 * period.
 *
 * @param[in] x The first series, `n` values; may be NULL when `n` is 0.
 * @param[in] y The second series, `n` values; may be NULL when `n` is 0.
 * @param n Length of the series.
 * @param window Periods per window; at least 2.
 * @param min_periods Fewest complete pairs for a value (at most `window`); below 0 for `window`.
 * @param[out] out Room for `n` values; may be NULL when `n` is 0.
 * @retval OKR_OK `out` holds the correlations.
 * @retval OKR_ERR_INVALID_ARGUMENT `x`, `y` or `out` is NULL while `n` is not 0; `window` is
 *         below 2; `min_periods` is above `window`; or a value is infinite.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The inputs are read during the call only; `out` belongs to the caller. Nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; the inputs must not change during the call.
 */
OKR_API okr_status okr_rolling_correlation(const double *x, const double *y, size_t n, int window, int min_periods,
                                           double *out);

/**
 * Every pair of columns with its statistics (okr_correlate_all()).
 *
 * Every unordered pair of the cols columns of `data` (i < j in row-major order of the upper
 * triangle) with its statistics and adjusted p-value q across all pairs. Opaque.
 */
typedef struct okr_pair_table okr_pair_table;
/**
 * Correlates every pair of columns of an array.
 *
 * Every unordered pair (i, j), i < j, of the `cols` columns, in row-major order of the upper
 * triangle, with its statistics and its p-value adjusted across all pairs.
 *
 * @param[in] data The series, `rows` × `cols`, column-major; may be NULL when either is 0.
 * @param rows Number of rows (periods).
 * @param cols Number of columns (series).
 * @param method The coefficient.
 * @param min_periods Fewest pairwise-complete rows for a coefficient; at least 2.
 * @param level Confidence level of the intervals, in (0, 1).
 * @param correction The adjustment of the p-values.
 * @param[out] out Receives the table.
 * @retval OKR_OK `*out` holds the table.
 * @retval OKR_ERR_INVALID_ARGUMENT `out` is NULL; `data` is NULL while not empty, or the sizes
 *         are too large; `method` or `correction` is not a value of its enum; `min_periods` is
 *         below 2; `level` is outside (0, 1); or a value is infinite.
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * The caller owns `*out` and frees it with okr_pair_table_free(). `data` is read during the
 * call only. On error `*out` is not written.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; `data` must not change during the call. Pearson
 * and Spearman use up to one worker thread per core, started and joined inside the call
 * (`OKR_NUM_THREADS` limits them).
 */
OKR_API okr_status okr_correlate_all(const double *data, size_t rows, size_t cols, okr_corr_method method, int min_periods,
                                     double level, okr_correction correction, okr_pair_table **out);
/**
 * Frees a pair table.
 *
 * @param t The table; NULL does nothing.
 * @par Ownership
 * Releases `t`.
 * @par Thread-safety
 * Every other call on `t` must have finished; `t` must not be used afterwards.
 */
OKR_API void okr_pair_table_free(okr_pair_table *t);
/**
 * Counts the pairs of a pair table.
 *
 * @param t The table.
 * @param[out] out Receives the number of pairs, cols × (cols - 1) / 2.
 * @retval OKR_OK `*out` holds the count.
 * @retval OKR_ERR_INVALID_ARGUMENT `t` or `out` is NULL.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `t` only: any number of threads may read one table at the same time.
 */
OKR_API okr_status okr_pair_table_count(const okr_pair_table *t, size_t *out);
/**
 * Gives pair `i` of a pair table.
 *
 * Every out-parameter may be NULL.
 *
 * @param t The table.
 * @param i Index of the pair, below okr_pair_table_count().
 * @param[out] x Receives the first column's index.
 * @param[out] y Receives the second column's index (greater than `*x`).
 * @param[in,out] stats In: `version` set (OKR_PAIR_STATS_INIT). Out: the pair's statistics.
 * @param[out] q Receives the adjusted p-value.
 * @retval OKR_OK The non-NULL out-parameters hold the pair.
 * @retval OKR_ERR_INVALID_ARGUMENT `t` is NULL.
 * @retval OKR_ERR_NOT_FOUND `i` is out of range.
 * @retval OKR_ERR_VERSION `stats->version` is 0 or newer than the library's.
 * @par Ownership
 * Nothing to free.
 * @par Thread-safety
 * Reads `t` only: any number of threads may read one table at the same time.
 */
OKR_API okr_status okr_pair_table_get(const okr_pair_table *t, size_t i, size_t *x, size_t *y, okr_pair_stats *stats,
                                      double *q);

/**
 * Computes Benjamini-Hochberg q-values.
 *
 * Benjamini-Hochberg q-values of n p-values (NaN stays NaN) into q. NaN p-values are not
 * counted as tests.
 *
 * @param[in] p The p-values, `n` values in [0, 1] or NaN; may be NULL when `n` is 0.
 * @param n Number of p-values.
 * @param[out] q Room for `n` q-values; may be NULL when `n` is 0.
 * @retval OKR_OK `q` holds the q-values.
 * @retval OKR_ERR_INVALID_ARGUMENT `p` or `q` is NULL while `n` is not 0, or a p-value is
 *         outside [0, 1].
 * @retval OKR_ERR_NO_MEMORY Allocation failed.
 * @par Ownership
 * `p` is read during the call only; `q` belongs to the caller. Nothing to free.
 * @par Thread-safety
 * Safe from any thread: uses no shared state; `p` must not change during the call.
 */
OKR_API okr_status okr_bh_qvalues(const double *p, size_t n, double *q);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OKR_H */
