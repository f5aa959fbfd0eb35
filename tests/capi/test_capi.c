/* C ABI tests, written in C99 (compiled with -Wall -Wextra -pedantic -Werror).
 * Prints one line per failed check and a closing "N passed, N failed" line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "okr.h"

static int passed = 0, failed = 0;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (cond) {                                                                 \
            ++passed;                                                               \
        } else {                                                                    \
            ++failed;                                                               \
            printf("FAILED %s:%d: %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
                   okr_last_error());                                               \
        }                                                                           \
    } while (0)

#define CLOSE(a, b) (fabs((a) - (b)) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1))

/* Expect `call` to fail with `code` and a message containing `needle`. */
#define CHECK_ERROR(call, code, needle)                                                  \
    do {                                                                                 \
        okr_status st_ = (call);                                                         \
        CHECK(st_ == (code));                                                            \
        CHECK(strstr(okr_last_error(), (needle)) != NULL);                               \
    } while (0)

static const char *HEAD =
    "{\"format\":\"okr\",\"version\":1,\"cycles\":[{\"id\":\"q3\",\"start\":\"2026-07-01\",\"end\":\"2026-09-30\"}],"
    "\"objectives\":[{\"id\":\"o\",\"title\":\"O\",\"cycle\":\"q3\"},{\"id\":\"p\",\"title\":\"P\",\"cycle\":\"q3\"}],";

/* Builds a document from the key_results, links and checkins array bodies. */
static char *doc(const char *krs, const char *links, const char *checkins) {
    size_t n = strlen(HEAD) + strlen(krs) + strlen(links) + strlen(checkins) + 64;
    char *s = malloc(n);
    snprintf(s, n, "%s\"key_results\":[%s],\"links\":[%s],\"checkins\":[%s]}", HEAD, krs, links, checkins);
    return s;
}

static okr_status load(okr_graph *g, const char *krs, const char *links, const char *checkins) {
    char *s = doc(krs, links, checkins);
    okr_status st = okr_graph_load_json(g, s, strlen(s));
    free(s);
    return st;
}

static const char *AR =
    "{\"id\":\"ar\",\"objective\":\"o\",\"title\":\"AR\",\"type\":\"metric\",\"start\":24000000,\"target\":12000000,"
    "\"anchors\":[{\"score\":0.3,\"value\":21600000}]}";

static void test_worked_examples(void) {
    okr_graph *g = NULL;
    double s = -1;
    okr_progress_status ps;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(load(g, AR, "", "{\"key_result\":\"ar\",\"date\":\"2026-08-01\",\"value\":18000000}") == OKR_OK);
    CHECK(okr_graph_score(g, "ar", "2026-09-30", &s) == OKR_OK && CLOSE(s, 0.5625));
    CHECK(okr_graph_checkin(g, "ar", "2026-08-02", 22800000, NAN) == OKR_OK);
    CHECK(okr_graph_score(g, "ar", "2026-09-30", &s) == OKR_OK && CLOSE(s, 0.15));
    CHECK(okr_graph_checkin(g, "ar", "2026-08-03", 11000000, 0.9) == OKR_OK);
    CHECK(okr_graph_score(g, "ar", "2026-09-30", &s) == OKR_OK && s == 1.0);
    CHECK(okr_graph_status(g, "ar", "2026-09-30", &ps) == OKR_OK && ps == OKR_PROGRESS_DONE);
    CHECK(strcmp(okr_progress_status_str(ps), "done") == 0);
    /* As of before the later check-ins, the older value holds. */
    CHECK(okr_graph_score(g, "ar", "2026-08-01", &s) == OKR_OK && CLOSE(s, 0.5625));
    /* The objective rolls up its one KR. */
    CHECK(okr_graph_score(g, "o", "2026-09-30", &s) == OKR_OK && s == 1.0);
    /* p has nothing to score: NaN, no_data. */
    CHECK(okr_graph_score(g, "p", "2026-09-30", &s) == OKR_OK && isnan(s));
    CHECK(okr_graph_status(g, "p", "2026-09-30", &ps) == OKR_OK && ps == OKR_PROGRESS_NO_DATA);

    /* Certification 0 -> 60: 45 scores 0.75. Baseline 4 of 10 scores 0.4. Rock (1+1+0.3)/6. */
    CHECK(load(g,
               "{\"id\":\"cert\",\"objective\":\"o\",\"title\":\"C\",\"type\":\"metric\",\"start\":0,\"target\":60},"
               "{\"id\":\"tpr\",\"objective\":\"o\",\"title\":\"T\",\"type\":\"baseline\",\"required\":10},"
               "{\"id\":\"rock\",\"objective\":\"p\",\"title\":\"R\",\"type\":\"milestone\",\"stages\":["
               "{\"id\":\"s1\",\"title\":\"Framework\"},{\"id\":\"s2\"},{\"id\":\"s3\"},{\"id\":\"s4\"},{\"id\":\"s5\"},{\"id\":\"s6\"}]}",
               "",
               "{\"key_result\":\"cert\",\"date\":\"2026-08-01\",\"value\":45}") == OKR_OK);
    CHECK(okr_graph_score(g, "cert", "2026-09-30", &s) == OKR_OK && s == 0.75);
    {
        int i;
        for (i = 0; i < 4; ++i) CHECK(okr_graph_checkin(g, "tpr", "2026-07-10", i % 2, NAN) == OKR_OK);
    }
    CHECK(okr_graph_score(g, "tpr", "2026-09-30", &s) == OKR_OK && CLOSE(s, 0.4));
    {
        okr_checkin_options o = OKR_CHECKIN_OPTIONS_INIT;
        o.stage = "s1";
        o.note = "framework agreed";
        CHECK(okr_graph_checkin_ex(g, "rock", "2026-07-10", 1, &o) == OKR_OK);
        o.stage = "s2";
        CHECK(okr_graph_checkin_ex(g, "rock", "2026-07-20", 1, &o) == OKR_OK);
        o.stage = "s3";
        o.confidence = 0.5;
        CHECK(okr_graph_checkin_ex(g, "rock", "2026-08-01", 0.3, &o) == OKR_OK);
        o.stage = "s9";
        CHECK_ERROR(okr_graph_checkin_ex(g, "rock", "2026-08-01", 0.3, &o), OKR_ERR_NOT_FOUND, "s9");
        /* A stage with an id can be named by its title too (it is one stage's title). */
        o.stage = "Framework";
        o.confidence = NAN;
        CHECK(okr_graph_checkin_ex(g, "rock", "2026-07-09", 0.5, &o) == OKR_OK); /* before s1 was done */
    }
    CHECK(okr_graph_score(g, "rock", "2026-09-30", &s) == OKR_OK && CLOSE(s, 2.3 / 6));
    okr_graph_free(g);
}

static void test_bulk_scores_and_json(void) {
    okr_graph *g = NULL, *h = NULL;
    okr_scores *sc = NULL;
    size_t n = 0, i, idx, len = 0;
    char *text = NULL;
    okr_node_score ns = OKR_NODE_SCORE_INIT;
    const char *id = NULL;
    okr_kind kind;
    double f;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json_file(g, OKR_EXAMPLES_DIR "/learning_platform.json") == OKR_OK);
    CHECK(okr_graph_node_count(g, &n) == OKR_OK && n > 40);
    CHECK(okr_graph_scores(g, "2026-09-07", &sc) == OKR_OK);
    CHECK(okr_scores_count(sc, &i) == OKR_OK && i == n);
    CHECK(okr_scores_find(sc, "kr-fin-ar", &idx) == OKR_OK);
    CHECK(okr_scores_get(sc, idx, &ns) == OKR_OK);
    CHECK(strcmp(ns.id, "kr-fin-ar") == 0);
    CHECK(ns.kind == OKR_KIND_KEY_RESULT);
    CHECK(CLOSE(ns.score, 0.5625));
    CHECK(okr_scores_id(sc, idx, &id) == OKR_OK && strcmp(id, "kr-fin-ar") == 0);
    /* Worked example 3 in the bundled organisation: 10 outcomes, 8 passes → 1.0, baseline 0.8. */
    {
        size_t j;
        okr_node_score b = OKR_NODE_SCORE_INIT;
        CHECK(okr_scores_find(sc, "kr-ps-passrate", &j) == OKR_OK && okr_scores_get(sc, j, &b) == OKR_OK);
        CHECK(b.score == 1.0 && CLOSE(b.value, 0.8) && b.checkins == 10);
        CHECK(okr_scores_find(sc, "kr-rock-deploy", &j) == OKR_OK && okr_scores_get(sc, j, &b) == OKR_OK);
        CHECK(CLOSE(b.score, 2.3 / 6));
        CHECK(okr_scores_find(sc, "kr-hr-onboard", &j) == OKR_OK && okr_scores_get(sc, j, &b) == OKR_OK);
        CHECK(b.regressing == 1 && b.score == 0.0);
    }
    CHECK(okr_scores_kind(sc, idx, &kind) == OKR_OK && kind == OKR_KIND_KEY_RESULT);
    CHECK(okr_scores_forecast(sc, idx, &f) == OKR_OK && f == ns.forecast);
    CHECK(okr_scores_score(sc, idx, &f) == OKR_OK && f == ns.score);
    CHECK_ERROR(okr_scores_get(sc, n, &ns), OKR_ERR_NOT_FOUND, "out of range");
    CHECK_ERROR(okr_scores_find(sc, "nope", &idx), OKR_ERR_NOT_FOUND, "nope");
    ns.version = 99;
    CHECK_ERROR(okr_scores_get(sc, 0, &ns), OKR_ERR_VERSION, "version");
    /* The bulk scores match the one-node calls. */
    for (i = 0; i < n; ++i) {
        double one;
        okr_progress_status st1, st2;
        CHECK(okr_scores_id(sc, i, &id) == OKR_OK);
        CHECK(okr_graph_score(g, id, "2026-09-07", &one) == OKR_OK);
        CHECK(okr_scores_score(sc, i, &f) == OKR_OK);
        CHECK((isnan(one) && isnan(f)) || one == f);
        CHECK(okr_graph_status(g, id, "2026-09-07", &st1) == OKR_OK && okr_scores_status(sc, i, &st2) == OKR_OK && st1 == st2);
    }
    /* Scores only, into the caller's array, in node order (okr_graph_node_id). */
    {
        size_t count = 0, k;
        double *vec = (double *)malloc(n * sizeof(double));
        const char *nid = NULL;
        CHECK(vec != NULL);
        CHECK_ERROR(okr_graph_score_vector(g, "2026-09-07", NULL, 0, &count), OKR_ERR_BUFFER_TOO_SMALL, "room for 0 scores");
        CHECK(count == n);
        CHECK_ERROR(okr_graph_score_vector(g, "2026-09-07", vec, n - 1, NULL), OKR_ERR_BUFFER_TOO_SMALL, "nodes");
        count = 0;
        CHECK(okr_graph_score_vector(g, "2026-09-07", vec, n, &count) == OKR_OK && count == n);
        for (k = 0; k < n; ++k) {
            CHECK(okr_graph_node_id(g, k, &nid) == OKR_OK && okr_scores_id(sc, k, &id) == OKR_OK);
            CHECK(strcmp(nid, id) == 0);
            CHECK(okr_scores_score(sc, k, &f) == OKR_OK);
            CHECK((isnan(vec[k]) && isnan(f)) || vec[k] == f);
        }
        CHECK_ERROR(okr_graph_score_vector(g, "2026-13-01", vec, n, NULL), OKR_ERR_INVALID_ARGUMENT, "as_of");
        count = 12345; /* not written on an error other than OKR_ERR_BUFFER_TOO_SMALL */
        CHECK_ERROR(okr_graph_score_vector(g, "2026-13-01", vec, n, &count), OKR_ERR_INVALID_ARGUMENT, "as_of");
        CHECK(count == 12345);
        CHECK_ERROR(okr_graph_score_vector(NULL, NULL, vec, n, NULL), OKR_ERR_INVALID_ARGUMENT, "\"g\"");
        CHECK_ERROR(okr_graph_node_id(g, n, &nid), OKR_ERR_NOT_FOUND, "out of range");
        CHECK_ERROR(okr_graph_node_id(g, 0, NULL), OKR_ERR_INVALID_ARGUMENT, "\"out\"");
        free(vec);
    }
    okr_scores_free(sc);

    /* to_json round trip. */
    CHECK(okr_graph_to_json(g, &text, &len) == OKR_OK && len == strlen(text));
    CHECK(okr_graph_new(&h) == OKR_OK);
    CHECK(okr_graph_load_json(h, text, len) == OKR_OK);
    {
        char *again = NULL;
        CHECK(okr_graph_to_json(h, &again, NULL) == OKR_OK && strcmp(again, text) == 0);
        okr_string_free(again);
    }
    okr_string_free(text);
    okr_graph_free(h);
    okr_graph_free(g);
}

static void test_errors(void) {
    okr_graph *g = NULL;
    char *before = NULL, *after = NULL;
    double s;
    okr_scores *sc = NULL;
    const char *json = "not json";
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(load(g, "{\"id\":\"k\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":10}", "",
               "{\"key_result\":\"k\",\"date\":\"2026-07-10\",\"value\":4}") == OKR_OK);
    CHECK(okr_graph_to_json(g, &before, NULL) == OKR_OK);

    /* Each failed load leaves the graph as it was. */
    CHECK_ERROR(okr_graph_load_json(g, json, strlen(json)), OKR_ERR_PARSE, "JSON parse error");
    CHECK_ERROR(load(g, "{\"id\":\"o\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":1}", "", ""),
                OKR_ERR_DUPLICATE, "\"o\"");
    CHECK_ERROR(load(g, "{\"id\":\"k\",\"objective\":\"zz\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":1}", "", ""),
                OKR_ERR_NOT_FOUND, "zz");
    CHECK_ERROR(load(g, "", "{\"from\":\"o\",\"to\":\"ghost\",\"type\":\"contributes\"}", ""), OKR_ERR_NOT_FOUND, "ghost");
    CHECK_ERROR(load(g, "", "{\"from\":\"o\",\"to\":\"o\",\"type\":\"depends_on\"}", ""), OKR_ERR_INVALID_ARGUMENT, "itself");
    CHECK_ERROR(load(g, "", "{\"from\":\"o\",\"to\":\"p\",\"type\":\"contributes\",\"weight\":0}", ""),
                OKR_ERR_INVALID_ARGUMENT, "weight");
    CHECK_ERROR(load(g, "", "{\"from\":\"o\",\"to\":\"p\",\"type\":\"contributes\"},{\"from\":\"p\",\"to\":\"o\",\"type\":\"contributes\"}", ""),
                OKR_ERR_CYCLE, "\"p\" -> \"o\"");
    CHECK_ERROR(load(g, "{\"id\":\"k\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":1,\"target\":1}", "", ""),
                OKR_ERR_INVALID_ARGUMENT, "target");
    CHECK_ERROR(load(g, "{\"id\":\"k\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":10,"
                        "\"anchors\":[{\"score\":0.7,\"value\":2},{\"score\":0.3,\"value\":5}]}", "", ""),
                OKR_ERR_INVALID_ARGUMENT, "anchors[1]");
    CHECK_ERROR(load(g, "{\"id\":\"k\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":10,\"weight\":0}", "", ""),
                OKR_ERR_INVALID_ARGUMENT, "weight");
    CHECK_ERROR(load(g, "{\"id\":\"k\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":Infinity}", "", ""),
                OKR_ERR_PARSE, "target");
    CHECK_ERROR(load(g, "{\"id\":\"\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":1}", "", ""),
                OKR_ERR_INVALID_ARGUMENT, "id");
    json = "{\"format\":\"okr\",\"version\":7}";
    CHECK_ERROR(okr_graph_load_json(g, json, strlen(json)), OKR_ERR_VERSION, "version");
    json = "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"\xff\"}]}";
    CHECK_ERROR(okr_graph_load_json(g, json, strlen(json)), OKR_ERR_PARSE, "UTF-8");
    CHECK_ERROR(okr_graph_load_json(g, HEAD, strlen(HEAD)), OKR_ERR_PARSE, "JSON parse error");
    json = "{\"format\":\"okr\",\"version\":1,\"cycles\":[{\"id\":\"c\",\"start\":\"2026-07-01\",\"end\":\"2026-01-01\"}]}";
    CHECK_ERROR(okr_graph_load_json(g, json, strlen(json)), OKR_ERR_INVALID_ARGUMENT, "end");
    CHECK_ERROR(load(g, "", "", "{\"key_result\":\"o\",\"date\":\"2026-07-10\",\"value\":4}"), OKR_ERR_NOT_FOUND, "\"o\"");
    /* Fields the graph could not write back are errors, never dropped. */
    CHECK_ERROR(load(g, "{\"id\":\"k2\",\"objective\":\"o\",\"title\":\"K\",\"type\":\"metric\",\"start\":0,\"target\":1,"
                        "\"threshold\":3}", "", ""),
                OKR_ERR_INVALID_ARGUMENT, "\"threshold\" applies to health");
    CHECK_ERROR(load(g, "{\"id\":\"h\",\"objective\":\"o\",\"title\":\"H\",\"type\":\"health\",\"band\":[1,2],"
                        "\"direction\":\"at_most\"}", "", ""),
                OKR_ERR_INVALID_ARGUMENT, "not a \"band\"");
    CHECK_ERROR(load(g, "{\"id\":\"k2\",\"objective\":\"o\",\"type\":\"milestone\"}", "", ""), OKR_ERR_INVALID_ARGUMENT,
                "\"title\" is required");
    CHECK_ERROR(load(g, "", "", "{\"key_result\":\"k\",\"date\":\"2026-07-10\",\"value\":4,\"stage\":\"\"}"),
                OKR_ERR_INVALID_ARGUMENT, "\"stage\" must not be empty");

    /* Failed check-ins. */
    CHECK_ERROR(okr_graph_checkin(g, "ghost", "2026-07-11", 1, NAN), OKR_ERR_NOT_FOUND, "ghost");
    CHECK_ERROR(okr_graph_checkin(g, "o", "2026-07-11", 1, NAN), OKR_ERR_NOT_FOUND, "\"o\"");
    CHECK_ERROR(okr_graph_checkin(g, "k", "2026-07-11", 1, 1.5), OKR_ERR_INVALID_ARGUMENT, "confidence");
    CHECK_ERROR(okr_graph_checkin(g, "k", "2026-07-11", NAN, NAN), OKR_ERR_INVALID_ARGUMENT, "value");
    CHECK_ERROR(okr_graph_checkin(g, "k", "2026-07-11", INFINITY, NAN), OKR_ERR_INVALID_ARGUMENT, "value");
    CHECK_ERROR(okr_graph_checkin(g, "k", "11/07/2026", 1, NAN), OKR_ERR_INVALID_ARGUMENT, "date");
    CHECK_ERROR(okr_graph_score(g, "k", "2026-13-01", &s), OKR_ERR_INVALID_ARGUMENT, "as_of");
    CHECK_ERROR(okr_graph_score(g, "zz", NULL, &s), OKR_ERR_NOT_FOUND, "zz");

    CHECK(okr_graph_to_json(g, &after, NULL) == OKR_OK);
    CHECK(strcmp(before, after) == 0);
    okr_string_free(before);
    okr_string_free(after);

    /* NULL pointers: an error, never a crash. */
    CHECK_ERROR(okr_graph_new(NULL), OKR_ERR_INVALID_ARGUMENT, "out");
    CHECK_ERROR(okr_graph_load_json(NULL, "{}", 2), OKR_ERR_INVALID_ARGUMENT, "g");
    CHECK_ERROR(okr_graph_load_json(g, NULL, 5), OKR_ERR_INVALID_ARGUMENT, "json");
    CHECK_ERROR(okr_graph_load_json_file(g, NULL), OKR_ERR_INVALID_ARGUMENT, "path");
    CHECK_ERROR(okr_graph_load_json_file(g, "/nonexistent/okr.json"), OKR_ERR_NOT_FOUND, "nonexistent");
    CHECK_ERROR(okr_graph_to_json(NULL, &before, NULL), OKR_ERR_INVALID_ARGUMENT, "g");
    CHECK_ERROR(okr_graph_to_json(g, NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "out");
    CHECK_ERROR(okr_graph_checkin(NULL, "k", "2026-07-11", 1, NAN), OKR_ERR_INVALID_ARGUMENT, "g");
    CHECK_ERROR(okr_graph_checkin(g, NULL, "2026-07-11", 1, NAN), OKR_ERR_INVALID_ARGUMENT, "kr_id");
    CHECK_ERROR(okr_graph_checkin(g, "k", NULL, 1, NAN), OKR_ERR_INVALID_ARGUMENT, "date");
    CHECK_ERROR(okr_graph_score(g, NULL, NULL, &s), OKR_ERR_INVALID_ARGUMENT, "id");
    CHECK_ERROR(okr_graph_score(g, "k", NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "out");
    CHECK_ERROR(okr_graph_status(NULL, "k", NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "g");
    CHECK_ERROR(okr_graph_scores(g, NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "out");
    CHECK_ERROR(okr_scores_count(NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "s");
    CHECK_ERROR(okr_scores_get(NULL, 0, NULL), OKR_ERR_INVALID_ARGUMENT, "s");
    CHECK_ERROR(okr_graph_node_count(NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "g");
    okr_graph_free(NULL);
    okr_scores_free(NULL);
    okr_string_free(NULL);

    /* Today as the default date works. */
    CHECK(okr_graph_scores(g, NULL, &sc) == OKR_OK);
    okr_scores_free(sc);

    /* Status strings. */
    CHECK(strcmp(okr_status_str(OKR_ERR_CYCLE), "cycle") == 0);
    CHECK(strcmp(okr_status_str(OKR_OK), "ok") == 0);
    CHECK(strcmp(okr_status_str((okr_status)-42), "unknown status") == 0);
    CHECK(strcmp(okr_progress_status_str((okr_progress_status)9), "") == 0);
    CHECK(strcmp(okr_version(), "0.1.0") == 0);
    okr_graph_free(g);
}

static void test_alignment(void) {
    okr_graph *g = NULL;
    okr_alignment *a = NULL;
    okr_alignment_options o = OKR_ALIGNMENT_OPTIONS_INIT;
    size_t n = 0, i, links;
    const char *id = NULL, *code = NULL, *subject = NULL, *node = NULL, *msg = NULL, *from = NULL, *to = NULL;
    int depth = 0, recip = 0, found_cycle = 0, found_orphan = 0, found_overload = 0;
    double c = 0, share = 0, bc = 0;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json_file(g, OKR_EXAMPLES_DIR "/learning_platform.json") == OKR_OK);
    CHECK(okr_graph_alignment(g, "2026-09-07", &o, &a) == OKR_OK);
    CHECK(okr_alignment_top_count(a, &n) == OKR_OK && n == 3);
    CHECK(okr_alignment_top(a, 0, &id) == OKR_OK && strncmp(id, "o-company-", 10) == 0);
    CHECK(okr_alignment_orphan_count(a, &n) == OKR_OK && n >= 1);
    CHECK(okr_alignment_orphan(a, 0, &id) == OKR_OK);
    CHECK(okr_alignment_depth(a, id, &depth) == OKR_OK && depth == -1);
    CHECK(okr_alignment_depth(a, "o-ms-t1", &depth) == OKR_OK && depth == 2);
    CHECK(okr_alignment_depth(a, "o-company-cx", &depth) == OKR_OK && depth == 0);
    CHECK_ERROR(okr_alignment_depth(a, "kr-fin-ar", &depth), OKR_ERR_NOT_FOUND, "\"kr-fin-ar\" is a key result");
    CHECK(okr_alignment_coverage_count(a, &n) == OKR_OK && n > 3);
    CHECK(okr_alignment_coverage(a, 0, &code, &subject, NULL, NULL, &share) == OKR_OK);
    CHECK(strcmp(code, "all") == 0 && share > 0.5 && share < 1.0);
    /* kr-fin-ar feeds o-company-growth through o-fin-cash; it does not feed o-company-cx. */
    CHECK(okr_alignment_contribution(a, "o-company-growth", "kr-fin-ar", &c) == OKR_OK && c > 0 && c < 1);
    CHECK(okr_alignment_contribution(a, "o-company-cx", "kr-fin-ar", &c) == OKR_OK && c == 0.0);
    CHECK(okr_alignment_contribution(a, "o-company-cx", "o-company-cx", &c) == OKR_OK && c == 1.0);
    CHECK_ERROR(okr_alignment_contribution(a, "kr-fin-ar", "kr-fin-ar", &c), OKR_ERR_INVALID_ARGUMENT, "top-level");
    CHECK_ERROR(okr_alignment_contribution(a, "o-company-cx", "nope", &c), OKR_ERR_NOT_FOUND, "nope");
    CHECK(okr_alignment_contribution_count(a, &n) == OKR_OK && n > 10);
    CHECK(okr_alignment_contribution_at(a, 0, &from, &to, &c) == OKR_OK && c == 1.0 && strcmp(from, to) == 0);
    CHECK(okr_alignment_finding_count(a, &n) == OKR_OK && n > 3);
    for (i = 0; i < n; ++i) {
        CHECK(okr_alignment_finding(a, i, &code, &subject, &node, &msg) == OKR_OK && strlen(msg) > 0);
        found_cycle |= strcmp(code, "dependency_cycle") == 0;
        found_orphan |= strcmp(code, "orphan") == 0 && strcmp(node, subject) == 0;
        /* team findings name no node; Rocks are not held to the OKR focus rules */
        found_overload |= strcmp(code, "low_bottom_up_share") == 0 && node[0] == '\0';
        CHECK(strcmp(subject, "o-ms-rock") != 0);
    }
    CHECK(found_cycle && found_orphan && found_overload);
    CHECK(okr_alignment_dependency_count(a, &n) == OKR_OK && n > 0);
    CHECK(okr_alignment_dependency(a, 0, &from, &to, &links, &recip) == OKR_OK && links >= 1 && strcmp(from, to) != 0);
    CHECK(okr_alignment_cycle_count(a, &n) == OKR_OK && n == 1);
    CHECK(okr_alignment_cycle_size(a, 0, &n) == OKR_OK && n >= 2);
    CHECK(okr_alignment_cycle_team(a, 0, 0, &id) == OKR_OK && strlen(id) > 0);
    CHECK_ERROR(okr_alignment_cycle_team(a, 0, 99, &id), OKR_ERR_NOT_FOUND, "out of range");
    CHECK(okr_alignment_centrality_count(a, &n) == OKR_OK && n > 0);
    CHECK(okr_alignment_centrality(a, 0, &id, NULL, NULL, &bc) == OKR_OK && bc >= 0 && bc <= 1);
    CHECK(okr_alignment_exposure(a, 0, &id, &share, &links) == OKR_OK && share >= 0 && share <= 1 && links > 0);
    CHECK_ERROR(okr_alignment_exposure(a, 3, &id, &share, &links), OKR_ERR_NOT_FOUND, "out of range");
    okr_alignment_free(a);

    /* Options out of range, wrong version, NULLs. */
    o.max_objectives = 0;
    CHECK_ERROR(okr_graph_alignment(g, NULL, &o, &a), OKR_ERR_INVALID_ARGUMENT, "max_objectives");
    okr_alignment_options_init(&o);
    o.min_bottom_up_share = 2;
    CHECK_ERROR(okr_graph_alignment(g, NULL, &o, &a), OKR_ERR_INVALID_ARGUMENT, "min_bottom_up_share");
    okr_alignment_options_init(&o);
    o.version = 0;
    CHECK_ERROR(okr_graph_alignment(g, NULL, &o, &a), OKR_ERR_VERSION, "version");
    CHECK_ERROR(okr_graph_alignment(NULL, NULL, NULL, &a), OKR_ERR_INVALID_ARGUMENT, "g");
    CHECK_ERROR(okr_graph_alignment(g, NULL, NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "out");
    CHECK_ERROR(okr_graph_alignment(g, "2026-02-31", NULL, &a), OKR_ERR_INVALID_ARGUMENT, "as_of");
    CHECK_ERROR(okr_alignment_top_count(NULL, &n), OKR_ERR_INVALID_ARGUMENT, "a");
    CHECK(okr_graph_alignment(g, NULL, NULL, &a) == OKR_OK);
    okr_alignment_free(a);
    okr_alignment_free(NULL);
    okr_graph_free(g);
}

static void test_correlation(void) {
    /* Column-major 6 x 3: a rises, b falls with a, c is constant. */
    const double data[18] = {1, 2, 3, 4, 5, 6, 12, 10, 9, 7, 4, 2, 5, 5, 5, 5, 5, 5};
    double r[9];
    double q[4];
    const double p[4] = {0.01, NAN, 0.04, 0.03};
    const int lags[3] = {-1, 0, 1};
    okr_pair_stats s = OKR_PAIR_STATS_INIT;
    okr_pair_stats lag_out[3] = {OKR_PAIR_STATS_INIT, OKR_PAIR_STATS_INIT, OKR_PAIR_STATS_INIT};
    const double inf_data[3] = {1, INFINITY, 3};
    CHECK(okr_corr_matrix(data, 6, 3, OKR_CORR_PEARSON, 3, r) == OKR_OK);
    CHECK(r[0] == 1.0 && r[4] == 1.0 && isnan(r[8]));         /* diagonal; constant column is NaN */
    CHECK(r[1] == r[3] && r[1] < -0.98 && isnan(r[2]));      /* symmetric, strongly negative */
    CHECK(okr_corr_matrix(data, 6, 3, OKR_CORR_SPEARMAN, 3, r) == OKR_OK && CLOSE(r[1], -1.0));
    CHECK(okr_correlate_pair(data, data + 6, 6, OKR_CORR_KENDALL, 3, 0.95, &s) == OKR_OK);
    CHECK(CLOSE(s.r, -1.0) && s.n == 6 && s.reason == 0 && s.p > 0 && s.p < 0.01);
    CHECK(okr_correlate_pair(data, data + 12, 6, OKR_CORR_PEARSON, 3, 0.95, &s) == OKR_OK && isnan(s.r) && s.reason == 2);
    {
        /* A constant whose mean is inexact in binary (three 0.1s) is constant too, as in pandas. */
        const double tenth[6] = {0.1, 0.1, 0.1, 0.4, -0.5, -0.6};
        double tr[4];
        CHECK(okr_correlate_pair(tenth, tenth + 3, 3, OKR_CORR_PEARSON, 3, 0.95, &s) == OKR_OK && isnan(s.r) && s.reason == 2);
        CHECK(okr_corr_matrix(tenth, 3, 2, OKR_CORR_PEARSON, 3, tr) == OKR_OK && isnan(tr[0]) && isnan(tr[1]) && tr[3] == 1.0);
    }
    CHECK(okr_lagged_correlation(data, data + 6, 6, lags, 3, OKR_CORR_PEARSON, 3, 0.95, lag_out) == OKR_OK);
    CHECK(lag_out[0].n == 5 && lag_out[1].n == 6 && lag_out[2].n == 5);
    {
        /* statsmodels' ccf normalisation: lag-k cross-covariance with full-sample means over
         * n - |k|, divided by the full-sample standard deviations (population). */
        const double d[5] = {1, 2, 3, 4, 6}, o[5] = {2, 1, 4, 3, 7};
        const int one[1] = {1};
        okr_pair_stats c = OKR_PAIR_STATS_INIT;
        double md = 0, mo = 0, sd = 0, so = 0, cov = 0, want;
        int t;
        for (t = 0; t < 5; ++t) md += d[t] / 5, mo += o[t] / 5;
        for (t = 0; t < 5; ++t) sd += (d[t] - md) * (d[t] - md) / 5, so += (o[t] - mo) * (o[t] - mo) / 5;
        for (t = 1; t < 5; ++t) cov += (d[t - 1] - md) * (o[t] - mo) / 4;
        want = cov / sqrt(sd * so);
        CHECK(okr_lagged_correlation_ex(d, o, 5, one, 1, OKR_CORR_PEARSON, 3, 0.95, OKR_LAG_CCF, &c) == OKR_OK);
        CHECK(CLOSE(c.r, want) && c.n == 4);
        CHECK(okr_lagged_correlation_ex(d, o, 5, one, 1, OKR_CORR_PEARSON, 3, 0.95, OKR_LAG_PAIRWISE, &c) == OKR_OK && c.n == 4);
        CHECK_ERROR(okr_lagged_correlation_ex(d, o, 5, one, 1, OKR_CORR_PEARSON, 3, 0.95, (okr_lag_normalization)5, &c),
                    OKR_ERR_INVALID_ARGUMENT, "normalization");
        CHECK_ERROR(okr_lagged_correlation_ex(d, o, 5, one, 1, OKR_CORR_SPEARMAN, 3, 0.95, OKR_LAG_CCF, &c),
                    OKR_ERR_INVALID_ARGUMENT, "pearson");
    }
    CHECK(okr_bh_qvalues(p, 4, q) == OKR_OK && isnan(q[1]) && CLOSE(q[0], 0.03) && CLOSE(q[2], 0.04) && CLOSE(q[3], 0.04));
    CHECK_ERROR(okr_corr_matrix(inf_data, 3, 1, OKR_CORR_PEARSON, 3, r), OKR_ERR_INVALID_ARGUMENT, "infinite");
    CHECK_ERROR(okr_corr_matrix(NULL, (size_t)1 << 32, (size_t)1 << 32, OKR_CORR_PEARSON, 3, r), OKR_ERR_INVALID_ARGUMENT, "too large");
    CHECK_ERROR(okr_corr_matrix(NULL, 6, 3, OKR_CORR_PEARSON, 3, r), OKR_ERR_INVALID_ARGUMENT, "data");
    CHECK_ERROR(okr_corr_matrix(data, 6, 3, (okr_corr_method)7, 3, r), OKR_ERR_INVALID_ARGUMENT, "method");
    CHECK_ERROR(okr_correlate_pair(data, data + 6, 6, OKR_CORR_PEARSON, 3, 1.5, &s), OKR_ERR_INVALID_ARGUMENT, "level");
    CHECK_ERROR(okr_correlate_pair(data, data + 6, 6, OKR_CORR_PEARSON, 1, 0.9, &s), OKR_ERR_INVALID_ARGUMENT, "min_periods");
    CHECK_ERROR(okr_correlate_pair(NULL, data, 6, OKR_CORR_PEARSON, 3, 0.9, &s), OKR_ERR_INVALID_ARGUMENT, "x");
    CHECK_ERROR(okr_lagged_correlation(data, data + 6, 6, lags, 3, OKR_CORR_PEARSON, 3, 0.95, NULL), OKR_ERR_INVALID_ARGUMENT, "out");
    {
        const int far[1] = {6};
        CHECK_ERROR(okr_lagged_correlation(data, data + 6, 6, far, 1, OKR_CORR_PEARSON, 3, 0.95, lag_out), OKR_ERR_INVALID_ARGUMENT, "overlap");
    }
    s.version = 0;
    CHECK_ERROR(okr_correlate_pair(data, data + 6, 6, OKR_CORR_PEARSON, 3, 0.9, &s), OKR_ERR_VERSION, "version");
    {
        okr_pair_table *t = NULL;
        okr_pair_stats ps = OKR_PAIR_STATS_INIT;
        size_t cnt = 0, px = 9, py = 9;
        double qq = 0;
        CHECK(okr_correlate_all(data, 6, 3, OKR_CORR_PEARSON, 3, 0.95, OKR_CORRECTION_BONFERRONI, &t) == OKR_OK);
        CHECK(okr_pair_table_count(t, &cnt) == OKR_OK && cnt == 3);
        CHECK(okr_pair_table_get(t, 0, &px, &py, &ps, &qq) == OKR_OK && px == 0 && py == 1 && ps.r < -0.98);
        CHECK(CLOSE(qq, ps.p * 1)); /* the other two pairs involve the constant column: one p-value counted */
        CHECK(okr_pair_table_get(t, 1, &px, &py, &ps, &qq) == OKR_OK && ps.reason == 2 && isnan(qq));
        CHECK_ERROR(okr_pair_table_get(t, 3, NULL, NULL, NULL, NULL), OKR_ERR_NOT_FOUND, "out of range");
        okr_pair_table_free(t);
        okr_pair_table_free(NULL);
        CHECK_ERROR(okr_correlate_all(data, 6, 3, OKR_CORR_PEARSON, 3, 0.95, (okr_correction)5, &t), OKR_ERR_INVALID_ARGUMENT, "correction");
        CHECK_ERROR(okr_correlate_all(inf_data, 3, 1, OKR_CORR_PEARSON, 3, 0.95, OKR_CORRECTION_FDR_BH, &t), OKR_ERR_INVALID_ARGUMENT, "infinite");
    }
}

static void test_leading_indicators(void) {
    /* 30 periods: driver "lead" moves the outcome 2 periods later; "noise" does not. */
    double drivers[60], outcome[30];
    const char *names[2] = {"lead", "noise"};
    const int lags[4] = {0, 1, 2, 3};
    okr_lead_options o = OKR_LEAD_OPTIONS_INIT;
    okr_lead_result *res = NULL;
    okr_lead_row row = OKR_LEAD_ROW_INIT;
    size_t n = 0, i;
    unsigned int state = 12345u;
    for (i = 0; i < 30; ++i) {
        state = state * 1103515245u + 12345u;
        drivers[i] = (double)((state >> 16) % 100) / 10.0;
        state = state * 1103515245u + 12345u;
        drivers[30 + i] = (double)((state >> 16) % 100) / 10.0;
    }
    for (i = 0; i < 30; ++i) outcome[i] = i >= 2 ? 3.0 * drivers[i - 2] + 0.01 * (double)i : 0.0;
    o.lags = lags;
    o.nlags = 4;
    o.method = OKR_CORR_PEARSON;
    o.period = "week";
    CHECK(okr_leading_indicators(drivers, 30, 2, outcome, names, "escalations", &o, &res) == OKR_OK);
    CHECK(okr_lead_result_count(res, &n) == OKR_OK && n == 2);
    CHECK(okr_lead_result_get(res, 0, &row) == OKR_OK);
    CHECK(strcmp(row.name, "lead") == 0 && row.driver == 0 && row.lag == 2 && row.stats.r > 0.99 && row.q < 0.05);
    CHECK(strstr(row.verdict, "lead leads escalations by 2 weeks") == row.verdict);
    CHECK(row.slope > 2.9 && row.slope < 3.1 && row.n_eff > 2 && row.stats.n == 28);
    CHECK_ERROR(okr_lead_result_get(res, 2, &row), OKR_ERR_NOT_FOUND, "out of range");
    okr_lead_result_free(res);
    okr_lead_result_free(NULL);
    o.alpha = 2;
    CHECK_ERROR(okr_leading_indicators(drivers, 30, 2, outcome, names, NULL, &o, &res), OKR_ERR_INVALID_ARGUMENT, "alpha");
    okr_lead_options_init(&o);
    o.transform = (okr_transform)9;
    CHECK_ERROR(okr_leading_indicators(drivers, 30, 2, outcome, NULL, NULL, &o, &res), OKR_ERR_INVALID_ARGUMENT, "transform");
    CHECK(okr_leading_indicators(drivers, 30, 2, outcome, NULL, NULL, NULL, &res) == OKR_OK); /* defaults: lags 0..12 */
    CHECK(okr_lead_result_get(res, 0, &row) == OKR_OK && (strcmp(row.name, "x0") == 0 || strcmp(row.name, "x1") == 0));
    okr_lead_result_free(res);
    okr_lead_options_init(&o);
    {
        const int far[1] = {30};
        o.lags = far;
        o.nlags = 1;
        CHECK_ERROR(okr_leading_indicators(drivers, 30, 2, outcome, names, NULL, &o, &res), OKR_ERR_INVALID_ARGUMENT, "overlap");
    }
    CHECK_ERROR(okr_leading_indicators(NULL, 30, 2, outcome, NULL, NULL, NULL, &res), OKR_ERR_INVALID_ARGUMENT, "drivers");
}

static void test_effects(void) {
    /* y = 1 + 2 x1 - x2 exactly on 8 rows (one row missing). */
    double X[16], y[8], roll[8], cov[8];
    const char *names[2] = {"x1", "x2"};
    okr_ols_result *r = NULL;
    okr_pair_stats s = OKR_PAIR_STATS_INIT;
    size_t i, n = 0;
    const char *name = NULL;
    double param = 0, bse = 0, t = 0, p = 0, r2 = 0, r2a = 0, df = 0;
    okr_graph *g = NULL;
    okr_lead_result *res = NULL;
    okr_lead_row row = OKR_LEAD_ROW_INIT;
    const char *drivers[2] = {"lessons_completed", "kb_articles_created"};
    const char *ghost[1] = {"no_such_kpi"};
    for (i = 0; i < 8; ++i) {
        X[i] = (double)i;
        X[8 + i] = (double)((i * 3) % 5);
        y[i] = 1 + 2 * X[i] - X[8 + i] + ((i % 2) ? 0.01 : -0.01);
        cov[i] = (double)(i % 3);
    }
    y[5] = NAN;
    CHECK(okr_ols(X, 8, 2, y, names, 1, NULL, -1, &r) == OKR_OK);
    CHECK(okr_ols_param_count(r, &n) == OKR_OK && n == 3);
    CHECK(okr_ols_param(r, 0, &name, &param, &bse, &t, &p) == OKR_OK && strcmp(name, "const") == 0 && fabs(param - 1) < 0.05);
    CHECK(okr_ols_param(r, 1, &name, &param, NULL, NULL, NULL) == OKR_OK && strcmp(name, "x1") == 0 && fabs(param - 2) < 0.01);
    CHECK(okr_ols_fit(r, &r2, &r2a, &n, &df) == OKR_OK && r2 > 0.999 && n == 7 && df == 4.0);
    CHECK_ERROR(okr_ols_param(r, 3, &name, NULL, NULL, NULL, NULL), OKR_ERR_NOT_FOUND, "out of range");
    okr_ols_result_free(r);
    CHECK(okr_ols(X, 8, 2, y, NULL, 1, "HAC", 1, &r) == OKR_OK);
    CHECK(okr_ols_param(r, 2, &name, NULL, NULL, NULL, NULL) == OKR_OK && strcmp(name, "x2") == 0);
    okr_ols_result_free(r);
    okr_ols_result_free(NULL);
    CHECK_ERROR(okr_ols(X, 8, 2, y, names, 1, "robust", -1, &r), OKR_ERR_INVALID_ARGUMENT, "cov_type");
    {
        double dup[16];
        memcpy(dup, X, sizeof dup);
        memcpy(dup + 8, X, 8 * sizeof(double)); /* x2 == x1: rank deficient */
        CHECK_ERROR(okr_ols(dup, 8, 2, y, names, 1, NULL, -1, &r), OKR_ERR_INVALID_ARGUMENT, "x");
    }
    CHECK(okr_partial_correlation(X, y, 8, cov, 1, OKR_CORR_PEARSON, 3, 0.95, &s) == OKR_OK && s.n == 7 && s.r > 0.9);
    CHECK(okr_partial_correlation(X, y, 8, NULL, 0, OKR_CORR_SPEARMAN, 3, 0.95, &s) == OKR_OK && s.n == 7);
    CHECK_ERROR(okr_partial_correlation(X, y, 8, cov, 1, OKR_CORR_KENDALL, 3, 0.95, &s), OKR_ERR_INVALID_ARGUMENT, "endall");
    CHECK(okr_rolling_correlation(X, X + 8, 8, 4, -1, roll) == OKR_OK && isnan(roll[2]) && !isnan(roll[3]));
    CHECK_ERROR(okr_rolling_correlation(X, X + 8, 8, 1, -1, roll), OKR_ERR_INVALID_ARGUMENT, "window");

    /* Leading indicators on the example organisation's KPIs. */
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json_file(g, OKR_EXAMPLES_DIR "/learning_platform.json") == OKR_OK);
    {
        okr_lead_options o = OKR_LEAD_OPTIONS_INIT;
        o.transform = OKR_TRANSFORM_DIFF;
        CHECK(okr_graph_leading_indicators(g, "escalations_t1_t2", drivers, 2, "W", &o, &res) == OKR_OK);
        CHECK(okr_lead_result_get(res, 0, &row) == OKR_OK && strcmp(row.name, "lessons_completed") == 0 && row.lag == 3);
        CHECK(strstr(row.verdict, "by 3 weeks") != NULL && row.q < 0.01);
        okr_lead_result_free(res);
        CHECK_ERROR(okr_graph_leading_indicators(g, "nope", NULL, 0, NULL, &o, &res), OKR_ERR_NOT_FOUND, "nope");
        CHECK_ERROR(okr_graph_leading_indicators(g, "escalations_t1_t2", ghost, 1, NULL, &o, &res), OKR_ERR_NOT_FOUND, "no_such_kpi");
        CHECK_ERROR(okr_graph_leading_indicators(g, "escalations_t1_t2", NULL, 0, "fortnight", &o, &res), OKR_ERR_INVALID_ARGUMENT, "freq");
    }
    {
        okr_kpi_matrix *m = NULL;
        size_t periods = 0, kpis = 0;
        const char *start = NULL, *kid = NULL;
        const double *v = NULL;
        CHECK(okr_graph_kpis(g, "W", &m) == OKR_OK);
        CHECK(okr_kpi_matrix_shape(m, &periods, &kpis) == OKR_OK && periods == 52 && kpis == 6);
        CHECK(okr_kpi_matrix_period(m, 0, &start) == OKR_OK && strcmp(start, "2025-09-08") == 0);
        CHECK(okr_kpi_matrix_id(m, 0, &kid) == OKR_OK && strcmp(kid, "lessons_created") == 0);
        CHECK(okr_kpi_matrix_values(m, &v) == OKR_OK && v[0] == 1 && v[1] == 0 && v[2] == 2 && v[3] == 1);
        CHECK(isnan(v[52 + 30])); /* lessons_completed, week 31: the LMS export failed */
        CHECK_ERROR(okr_kpi_matrix_id(m, 6, &kid), OKR_ERR_NOT_FOUND, "out of range");
        okr_kpi_matrix_free(m);
        okr_kpi_matrix_free(NULL);
        CHECK_ERROR(okr_graph_kpis(g, "Y", &m), OKR_ERR_INVALID_ARGUMENT, "freq");
    }
    {
        /* Observations spanning millennia: a limit error instead of a matrix of gigabytes. */
        okr_graph *span = NULL;
        okr_kpi_matrix *m = NULL;
        char doc[16384];
        size_t len = (size_t)sprintf(doc, "{\"format\":\"okr\",\"version\":1,\"kpis\":[");
        int i;
        for (i = 0; i < 80; ++i)
            len += (size_t)sprintf(doc + len,
                                   "%s{\"id\":\"k%d\",\"title\":\"K\",\"values\":[{\"date\":\"0001-01-01\",\"value\":1},"
                                   "{\"date\":\"9999-12-31\",\"value\":2}]}",
                                   i ? "," : "", i);
        len += (size_t)sprintf(doc + len, "]}");
        CHECK(okr_graph_new(&span) == OKR_OK && okr_graph_load_json(span, doc, len) == OKR_OK);
        CHECK_ERROR(okr_graph_kpis(span, "D", &m), OKR_ERR_LIMIT, "KPI matrix: 3652059 periods");
        CHECK(m == NULL);
        okr_graph_free(span);
    }
    {
        /* Dates to 9999-12-31 (past what a pandas datetime holds): the KPI table and the
           scorecard reach the calendar's last month, and a dump keeps the dates. */
        const char *far = "{\"format\":\"okr\",\"version\":1,\"cycles\":[{\"id\":\"far\",\"start\":\"9999-10-01\","
                          "\"end\":\"9999-12-31\"}],\"kpis\":[{\"id\":\"k\",\"title\":\"K\",\"frequency\":\"month\","
                          "\"comparison\":\">=\",\"goal\":6,\"values\":[{\"date\":\"2026-08-10\",\"value\":3},"
                          "{\"date\":\"9999-12-15\",\"value\":5},{\"date\":\"9999-12-31\",\"value\":7}]}]}";
        okr_graph *fg = NULL;
        okr_kpi_matrix *m = NULL;
        okr_scorecard *sc = NULL;
        okr_scorecard_options o = OKR_SCORECARD_OPTIONS_INIT;
        size_t periods = 0, kpis = 0;
        const char *start = NULL;
        const double *values = NULL;
        char *text = NULL;
        size_t len = 0;
        CHECK(okr_graph_new(&fg) == OKR_OK && okr_graph_load_json(fg, far, strlen(far)) == OKR_OK);
        CHECK(okr_graph_kpis(fg, "MS", &m) == OKR_OK);
        CHECK(okr_kpi_matrix_shape(m, &periods, &kpis) == OKR_OK && periods == (9999 - 2026) * 12 + 5 && kpis == 1);
        CHECK(okr_kpi_matrix_period(m, periods - 1, &start) == OKR_OK && strcmp(start, "9999-12-01") == 0);
        okr_kpi_matrix_free(m);
        o.periods = 3;
        CHECK(okr_graph_scorecard(fg, "9999-12-20", &o, &sc) == OKR_OK);
        CHECK(okr_scorecard_period(sc, 2, &start) == OKR_OK && strcmp(start, "9999-12-01") == 0);
        CHECK(okr_scorecard_values(sc, &values) == OKR_OK && isnan(values[0]) && values[2] == 12.0);
        okr_scorecard_free(sc);
        /* Dates begin on 0001-01-01: a window reaching before it is refused. */
        sc = NULL;
        o.freq = "W";
        o.periods = 2;
        CHECK_ERROR(okr_graph_scorecard(fg, "0001-01-01", &o, &sc), OKR_ERR_INVALID_ARGUMENT,
                    "scorecard: 2 periods (freq W) to 0001-01-01 would start before 0001-01-01");
        CHECK(sc == NULL);
        o.periods = 1;
        CHECK(okr_graph_scorecard(fg, "0001-01-07", &o, &sc) == OKR_OK);
        CHECK(okr_scorecard_period(sc, 0, &start) == OKR_OK && strcmp(start, "0001-01-01") == 0);
        okr_scorecard_free(sc);
        CHECK(okr_graph_to_json(fg, &text, &len) == OKR_OK && strstr(text, "\"9999-12-31\"") != NULL);
        okr_string_free(text);
        okr_graph_free(fg);
    }
    {
        /* Unsorted and repeated KPI dates are rejected through C too, and nothing changes. */
        const char *unsorted = "{\"format\":\"okr\",\"version\":1,\"kpis\":[{\"id\":\"k\",\"values\":["
                               "{\"date\":\"2026-01-12\",\"value\":1},{\"date\":\"2026-01-05\",\"value\":2}]}]}";
        const char *repeated = "{\"format\":\"okr\",\"version\":1,\"kpis\":[{\"id\":\"k\",\"values\":["
                               "{\"date\":\"2026-01-05\",\"value\":1},{\"date\":\"2026-01-05\",\"value\":2}]}]}";
        size_t before = 0, after = 0;
        CHECK(okr_graph_node_count(g, &before) == OKR_OK);
        CHECK_ERROR(okr_graph_load_json(g, unsorted, strlen(unsorted)), OKR_ERR_INVALID_ARGUMENT, "before the previous date");
        CHECK_ERROR(okr_graph_load_json(g, repeated, strlen(repeated)), OKR_ERR_INVALID_ARGUMENT, "repeats the previous date");
        CHECK(okr_graph_node_count(g, &after) == OKR_OK && after == before);
    }
    okr_graph_free(g);
}

static void test_batch_and_csv(void) {
    okr_graph *g = NULL;
    okr_checkin items[2] = {OKR_CHECKIN_INIT, OKR_CHECKIN_INIT};
    okr_kpi_matrix *m = NULL;
    size_t before = 0, after = 0, periods = 0, kpis = 0;
    double s = 0;
    const double *v = NULL;
    const char *kid = NULL;
    const char *csv = "Key Result ID,Check-in date,Current value,Confidence,Comment\n"
                      "kr-co-csat,2026-09-14,86.5,80%,\"steady, as planned\"\n"
                      "kr-ms-escalations,2026-09-14,101,,\n";
    const char *bad = "key_result,date,value\nkr-co-csat,2026-09-14,85\nkr-nope,2026-09-14,1\n";
    const char *card = "Department,Owner,Measurable,Goal,2026-01-05,2026-01-12,2026-01-19,2026-01-26\n"
                       "Managed Services,Marvin,Lessons created,>= 1,1,0,2,1\n"
                       "HR,Diana,Lessons completed,>= 4,5,4,3,1\n"
                       "Managed Services,Marvin,KB articles created,>= 2,2,1,3,2\n";
    char *json_before = NULL, *json_after = NULL;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json_file(g, OKR_EXAMPLES_DIR "/learning_platform.json") == OKR_OK);
    CHECK(okr_graph_to_json(g, &json_before, NULL) == OKR_OK);

    /* Batch: the second item is bad, so nothing is stored. */
    items[0].key_result = "kr-co-csat";
    items[0].date = "2026-09-14";
    items[0].value = 86.5;
    items[0].confidence = NAN;
    items[0].note = "batch";
    items[0].stage = NULL;
    items[1] = items[0];
    items[1].confidence = 2.0;
    CHECK_ERROR(okr_graph_checkin_batch(g, items, 2), OKR_ERR_INVALID_ARGUMENT, "check-ins[1]: ");
    CHECK_ERROR(okr_graph_checkin_batch(g, NULL, 1), OKR_ERR_INVALID_ARGUMENT, "items");
    items[1].date = "14.09.2026";
    CHECK_ERROR(okr_graph_checkin_batch(g, items, 2), OKR_ERR_INVALID_ARGUMENT, "check-ins[1]: ");
    items[1].date = NULL;
    CHECK_ERROR(okr_graph_checkin_batch(g, items, 2), OKR_ERR_INVALID_ARGUMENT, "check-ins[1]: date is NULL");
    CHECK(okr_graph_to_json(g, &json_after, NULL) == OKR_OK);
    CHECK(strcmp(json_before, json_after) == 0);
    okr_string_free(json_after);
    json_after = NULL;
    CHECK(okr_graph_checkin_batch(g, NULL, 0) == OKR_OK);
    items[0].version = 0;
    CHECK_ERROR(okr_graph_checkin_batch(g, items, 1), OKR_ERR_VERSION, "check-ins[0]: okr_checkin: unknown version");
    items[0].version = OKR_CHECKIN_VERSION;
    CHECK(okr_graph_checkin_batch(g, items, 1) == OKR_OK);
    CHECK(okr_graph_score(g, "kr-co-csat", "2026-09-14", &s) == OKR_OK && CLOSE(s, 0.5625));

    /* Check-ins CSV: all or nothing, errors name the line. */
    CHECK(okr_graph_to_json(g, &json_after, NULL) == OKR_OK);
    CHECK_ERROR(okr_graph_load_checkins_csv(g, bad, strlen(bad)), OKR_ERR_NOT_FOUND, "line 3: ");
    {
        char *again = NULL;
        CHECK(okr_graph_to_json(g, &again, NULL) == OKR_OK);
        CHECK(strcmp(again, json_after) == 0);
        okr_string_free(again);
    }
    CHECK(okr_graph_load_checkins_csv(g, csv, strlen(csv)) == OKR_OK);
    CHECK(okr_graph_score(g, "kr-ms-escalations", "2026-09-14", &s) == OKR_OK && CLOSE(s, 0.475));
    CHECK_ERROR(okr_graph_load_checkins_csv(NULL, csv, strlen(csv)), OKR_ERR_INVALID_ARGUMENT, "g");
    CHECK_ERROR(okr_graph_load_checkins_csv(g, NULL, 5), OKR_ERR_INVALID_ARGUMENT, "csv");

    /* Scorecard CSV (DOMAIN example 5) into a graph without KPIs. */
    okr_graph_free(g);
    g = NULL;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_scorecard_csv(g, card, strlen(card)) == OKR_OK);
    CHECK_ERROR(okr_graph_load_scorecard_csv(g, card, strlen(card)), OKR_ERR_DUPLICATE, "line 2: duplicate id \"lessons_created\"");
    CHECK(okr_graph_kpis(g, "W", &m) == OKR_OK);
    CHECK(okr_kpi_matrix_shape(m, &periods, &kpis) == OKR_OK && periods == 4 && kpis == 3);
    CHECK(okr_kpi_matrix_id(m, 1, &kid) == OKR_OK && strcmp(kid, "lessons_completed") == 0);
    CHECK(okr_kpi_matrix_values(m, &v) == OKR_OK && v[4] == 5 && v[5] == 4 && v[6] == 3 && v[7] == 1);
    okr_kpi_matrix_free(m);
    (void)before;
    (void)after;
    okr_string_free(json_before);
    okr_string_free(json_after);
    okr_graph_free(g);
}

/* KPI goals for scorecards: dated goals, not_in_range and frequency load and write back; bad ones
 * are OKR_ERR_INVALID_ARGUMENT naming the KPI and field. */
static void test_kpi_goals(void) {
    static const char* good =
        "{\"format\":\"okr\",\"version\":1,\"kpis\":[{\"id\":\"lessons\",\"comparison\":\">=\",\"goal\":1,"
        "\"goals\":[{\"from\":\"2026-08-03\",\"comparison\":\"not_in_range\",\"goal\":[0,1.5]}],\"frequency\":\"quarter\"}]}";
    static const char* bad =
        "{\"format\":\"okr\",\"version\":1,\"kpis\":[{\"id\":\"lessons\",\"goals\":["
        "{\"from\":\"2026-08-03\",\"comparison\":\">=\",\"goal\":2},{\"from\":\"2026-07-01\",\"comparison\":\">=\",\"goal\":3}]}]}";
    okr_graph* g = NULL;
    char* text = NULL;
    size_t len = 0;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json(g, good, strlen(good)) == OKR_OK);
    CHECK(okr_graph_to_json(g, &text, &len) == OKR_OK);
    CHECK(text && strstr(text, "{\"from\":\"2026-08-03\",\"comparison\":\"not_in_range\",\"goal\":[0,1.5]}") != NULL);
    CHECK(text && strstr(text, "\"frequency\":\"quarter\"") != NULL);
    okr_string_free(text);
    okr_graph_free(g);
    g = NULL;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK_ERROR(okr_graph_load_json(g, bad, strlen(bad)), OKR_ERR_INVALID_ARGUMENT, "\"goals[1].from\" 2026-07-01 is not after");
    CHECK(strstr(okr_last_error(), "lessons") != NULL);
    okr_graph_free(g);
}

/* The EOS scorecard: DOMAIN example 5 (weeks of 2026-08-03 to 2026-08-24) with exact cells. */
static void test_rocks(void) {
    okr_graph* g = NULL;
    okr_rocks* r = NULL;
    okr_rock_completion* c = NULL;
    okr_rock_row row = OKR_ROCK_ROW_INIT;
    okr_milestone m = OKR_MILESTONE_INIT;
    size_t n = 0, k = 0, rocks = 0, done = 0, not_done = 0, open = 0, canceled = 0;
    const char *code = NULL, *subject = NULL, *milestone = NULL, *message = NULL, *cycle = NULL, *group = NULL;
    double rate = 0;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json_file(g, OKR_TEST_DATA_DIR "/rocks.json") == OKR_OK);
    CHECK(okr_graph_rocks(g, "2026-09-07", &r) == OKR_OK);
    CHECK(okr_rocks_count(r, &n) == OKR_OK && n == 6);
    CHECK(okr_rocks_row_get(r, 2, &row) == OKR_OK);
    CHECK(strcmp(row.id, "r-deploy") == 0 && strcmp(row.owner, "Marvin") == 0 && strcmp(row.cycle, "2026-Q3") == 0);
    CHECK(row.state == OKR_ROCK_OPEN && row.status == OKR_ROCK_STATUS_OFF_TRACK && row.reported == OKR_REPORT_ON_TRACK);
    CHECK(strcmp(row.reported_on, "2026-08-31") == 0 && CLOSE(row.score, 2.3 / 6.0));
    CHECK(row.milestones_done == 2 && row.milestones_total == 6 && row.overdue_milestones == 1);
    CHECK(strcmp(row.carried_from, "r-pilot") == 0 && row.times_carried == 1);
    CHECK(okr_rocks_milestone_count(r, 2, &k) == OKR_OK && k == 6);
    CHECK(okr_rocks_milestone_get(r, 2, 1, &m) == OKR_OK);
    CHECK(strcmp(m.key_result, "kr-deploy") == 0 && strcmp(m.title, "40 core courses sourced") == 0);
    CHECK(strcmp(m.due, "2026-08-31") == 0 && m.progress == 0.3 && !m.done && m.overdue);
    CHECK(okr_rocks_row_get(r, 0, &row) == OKR_OK && row.status == OKR_ROCK_STATUS_PLANNED && row.times_carried == 2);
    CHECK(row.reported == OKR_REPORT_NONE && row.reported_on == NULL);
    CHECK(okr_rocks_finding_count(r, &k) == OKR_OK && k == 2);
    CHECK(okr_rocks_finding_get(r, 0, &code, &subject, &milestone, &message) == OKR_OK);
    CHECK(strcmp(code, "rock_status_disputed") == 0 && strcmp(subject, "r-deploy") == 0);
    CHECK(strcmp(milestone, "40 core courses sourced") == 0 && strstr(message, "still not done") != NULL);
    CHECK_ERROR(okr_rocks_row_get(r, 6, &row), OKR_ERR_NOT_FOUND, "Rock index 6");
    CHECK_ERROR(okr_rocks_completion(r, "department", NULL, &c), OKR_ERR_INVALID_ARGUMENT, "department");
    okr_rocks_free(r);

    /* Completion after Q3: Diana 1 of 2 (one canceled); the report, state and lineage setters. */
    CHECK(okr_graph_rocks(g, "2026-10-05", &r) == OKR_OK);
    CHECK(okr_rocks_completion(r, "owner", "2026-Q3", &c) == OKR_OK);
    CHECK(okr_rock_completion_count(c, &n) == OKR_OK && n == 2);
    CHECK(okr_rock_completion_get(c, 0, &cycle, &group, &rocks, &done, &not_done, &open, &canceled, &rate) == OKR_OK);
    CHECK(strcmp(cycle, "2026-Q3") == 0 && strcmp(group, "Diana") == 0 && rocks == 3 && done == 1 && not_done == 1);
    CHECK(open == 0 && canceled == 1 && rate == 0.5);
    okr_rock_completion_free(c);
    okr_rocks_free(r);

    CHECK(okr_graph_report_rock(g, "r-onboard", "2026-09-11", OKR_REPORT_OFF_TRACK, "Waiting on IT") == OKR_OK);
    CHECK(okr_graph_set_rock_state(g, "r-deploy", OKR_ROCK_NOT_DONE) == OKR_OK);
    CHECK(okr_graph_rocks(g, "2026-09-14", &r) == OKR_OK);
    CHECK(okr_rocks_row_get(r, 5, &row) == OKR_OK && row.reported == OKR_REPORT_OFF_TRACK);
    CHECK(okr_rocks_row_get(r, 2, &row) == OKR_OK && row.status == OKR_ROCK_STATUS_NOT_DONE);
    okr_rocks_free(r);
    CHECK_ERROR(okr_graph_report_rock(g, "o-okr", "2026-09-11", OKR_REPORT_ON_TRACK, NULL), OKR_ERR_INVALID_ARGUMENT,
                "\"o-okr\" is not a Rock");
    CHECK_ERROR(okr_graph_report_rock(g, "r-onboard", "2026-09-11", (okr_rock_report_status)5, NULL), OKR_ERR_INVALID_ARGUMENT,
                "report status");
    CHECK_ERROR(okr_graph_set_rock_state(g, "r-onboard", (okr_rock_state)9), OKR_ERR_INVALID_ARGUMENT, "okr_rock_state");
    CHECK_ERROR(okr_graph_set_carried_from(g, "r-pilot", "r-next"), OKR_ERR_CYCLE, "lineage a cycle");
    { /* itself: the path is that one step, and ends there */
        const char *want = "lineage a cycle: \"r-deploy\" -> \"r-deploy\"";
        const char *m = NULL;
        CHECK(okr_graph_set_carried_from(g, "r-deploy", "r-deploy") == OKR_ERR_CYCLE);
        m = okr_last_error();
        CHECK(strlen(m) >= strlen(want) && strcmp(m + strlen(m) - strlen(want), want) == 0);
    }
    CHECK_ERROR(okr_graph_set_carried_from(g, "r-next", "r-nowhere"), OKR_ERR_NOT_FOUND, "\"r-nowhere\"");
    CHECK(okr_graph_set_carried_from(g, "r-next", NULL) == OKR_OK);
    /* A node of a cycle not started by the date is planned: no score, left out of roll-ups. */
    {
        double s = 0;
        okr_progress_status st = OKR_PROGRESS_NO_DATA;
        CHECK(okr_graph_status(g, "kr-next", "2026-09-07", &st) == OKR_OK && st == OKR_PROGRESS_PLANNED);
        CHECK(strcmp(okr_progress_status_str(st), "planned") == 0);
        CHECK(okr_graph_score(g, "r-next", "2026-09-07", &s) == OKR_OK && s != s);
        CHECK(okr_graph_status(g, "kr-next", "2026-10-07", &st) == OKR_OK && st == OKR_PROGRESS_NOT_STARTED);
    }
    okr_graph_free(g);
}

static void test_lint(void) {
    static const char *doc =
        "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"o\",\"title\":\"Customers trust us\","
        "\"owner\":\"Ann\",\"why_now\":\"Because.\"}],\"key_results\":["
        "{\"id\":\"k1\",\"objective\":\"o\",\"title\":\"Develop training for sales team\",\"type\":\"milestone\"},"
        "{\"id\":\"k2\",\"objective\":\"o\",\"title\":\"Cut disputes from 85 to 30\",\"type\":\"metric\",\"start\":80,\"target\":30}]}";
    static const char *quiet =
        "{\"format\":\"okr-lint-rules\",\"version\":1,\"rules\":{\"kr_not_measurable\":{\"enabled\":false},"
        "\"kr_task_like\":{\"severity\":\"error\"}}}";
    okr_graph *g = NULL;
    okr_lint_result *r = NULL;
    okr_lint_rules *rules = NULL;
    okr_lint_options o;
    okr_lint_finding f = OKR_LINT_FINDING_INIT;
    size_t n = 0, i;
    int task = 0, mismatch = 0, not_measurable = 0;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json(g, doc, strlen(doc)) == OKR_OK);
    CHECK(okr_graph_lint(g, NULL, &r) == OKR_OK);
    CHECK(okr_lint_result_count(r, &n) == OKR_OK && n >= 3);
    for (i = 0; i < n; ++i) {
        CHECK(okr_lint_result_get(r, i, &f) == OKR_OK && strlen(f.message) > 0 && strlen(f.question) > 0);
        if (strcmp(f.code, "kr_task_like") == 0) {
            task = 1;
            CHECK(strcmp(f.id, "k1") == 0 && strcmp(f.field, "title") == 0 && f.severity == OKR_SEVERITY_WARNING);
            CHECK(strstr(f.message, "\"Develop\"") != NULL && strlen(f.suggestion) > 0);
        }
        if (strcmp(f.code, "kr_title_mismatch") == 0) {
            mismatch = 1;
            CHECK(strcmp(f.id, "k2") == 0 && strcmp(f.field, "start") == 0 && f.severity == OKR_SEVERITY_ERROR);
        }
        not_measurable |= strcmp(f.code, "kr_not_measurable") == 0;
    }
    CHECK(task && mismatch && not_measurable);
    CHECK_ERROR(okr_lint_result_get(r, n, &f), OKR_ERR_NOT_FOUND, "finding index");
    okr_lint_result_free(r);

    /* A rule table of our own; only errors kept. */
    CHECK(okr_lint_rules_from_json(quiet, strlen(quiet), &rules) == OKR_OK);
    okr_lint_options_init(&o);
    CHECK(o.version == OKR_LINT_OPTIONS_VERSION && o.rules == NULL && o.min_severity == OKR_SEVERITY_INFO);
    o.rules = rules;
    o.min_severity = OKR_SEVERITY_ERROR;
    CHECK(okr_graph_lint(g, &o, &r) == OKR_OK);
    CHECK(okr_lint_result_count(r, &n) == OKR_OK && n == 2);
    CHECK(okr_lint_result_get(r, 0, &f) == OKR_OK && strcmp(f.code, "kr_task_like") == 0 && f.severity == OKR_SEVERITY_ERROR);
    okr_lint_result_free(r);
    okr_lint_rules_free(rules);
    CHECK(strstr(okr_lint_rules_default_json(), "\"kr_task_like\"") != NULL);
    CHECK(strcmp(okr_severity_str(OKR_SEVERITY_INFO), "info") == 0 && strcmp(okr_severity_str((okr_severity)7), "") == 0);
    CHECK_ERROR(okr_lint_rules_from_json("{\"format\":\"okr-lint-rules\",\"version\":1,\"rules\":{\"nope\":{}}}", 59, &rules),
                OKR_ERR_INVALID_ARGUMENT, "rules.nope: unknown rule code");
    CHECK_ERROR(okr_lint_rules_from_json("{", 1, &rules), OKR_ERR_PARSE, "not valid JSON");
    o.rules = NULL;
    o.min_severity = (okr_severity)9;
    CHECK_ERROR(okr_graph_lint(g, &o, &r), OKR_ERR_INVALID_ARGUMENT, "min_severity");
    okr_lint_rules_free(NULL);
    okr_lint_result_free(NULL);
    okr_graph_free(g);
    {
        /* Far numbers in a message are written in the shortest form (fixed notation of 5e-324
           would not fit, and the message once held unwritten bytes). */
        static const char *far =
            "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"o\",\"title\":\"Customers trust us\"}],"
            "\"key_results\":[{\"id\":\"k\",\"objective\":\"o\",\"title\":\"Cut disputes from 85 to 30\","
            "\"type\":\"metric\",\"start\":5e-324,\"target\":-1e308}]}";
        int seen = 0;
        g = NULL;
        CHECK(okr_graph_new(&g) == OKR_OK && okr_graph_load_json(g, far, strlen(far)) == OKR_OK);
        CHECK(okr_graph_lint(g, NULL, &r) == OKR_OK && okr_lint_result_count(r, &n) == OKR_OK);
        for (i = 0; i < n; ++i) {
            CHECK(okr_lint_result_get(r, i, &f) == OKR_OK);
            if (strcmp(f.code, "kr_title_mismatch") == 0) {
                const char *tail = "start is 5e-324 and its target -1e+308";
                seen = 1;
                CHECK(strlen(f.message) > strlen(tail) && strcmp(f.message + strlen(f.message) - strlen(tail), tail) == 0);
            }
        }
        CHECK(seen);
        okr_lint_result_free(r);
        /* Arguments that are not UTF-8 are shown byte by byte: okr_last_error() is always UTF-8. */
        CHECK_ERROR(okr_graph_checkin(g, "k\xFF", "2026-09-01", 1.0, NAN), OKR_ERR_NOT_FOUND, "\"k\\xFF\"");
        CHECK_ERROR(okr_graph_checkin(g, "k", "2026-0\xC3", 1.0, NAN), OKR_ERR_INVALID_ARGUMENT, "\"2026-0\\xC3\" is not a date");
        okr_graph_free(g);
    }
}

static void test_limits(void) {
    static const char *doc =
        "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"a\",\"title\":\"A\"},{\"id\":\"b\",\"title\":\"B\"}]}";
    static const char *dup = "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"a\",\"title\":\"A\",\"title\":\"B\"}]}";
    static const char nul[] = "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"a\\u0000b\",\"title\":\"A\"}]}";
    okr_graph *g = NULL;
    okr_load_options o;
    size_t n = 0;
    CHECK(okr_graph_new(&g) == OKR_OK);
    okr_load_options_init(&o);
    CHECK(o.version == OKR_LOAD_OPTIONS_VERSION && o.max_depth == 64 && o.max_id_bytes == 256 && o.max_nodes == 50000000);
    CHECK(okr_graph_load_json_ex(g, doc, strlen(doc), &o) == OKR_OK);
    CHECK(okr_graph_load_json_ex(g, doc, strlen(doc), NULL) == OKR_OK);
    o.max_nodes = 1;
    CHECK_ERROR(okr_graph_load_json_ex(g, doc, strlen(doc), &o), OKR_ERR_LIMIT, "more than max_nodes (1)");
    CHECK(okr_graph_node_count(g, &n) == OKR_OK && n == 2); /* unchanged */
    CHECK(strcmp(okr_status_str(OKR_ERR_LIMIT), "limit exceeded") == 0);
    o.max_nodes = 0;
    CHECK_ERROR(okr_graph_load_json_ex(g, doc, strlen(doc), &o), OKR_ERR_INVALID_ARGUMENT, "max_nodes must be > 0");
    okr_load_options_init(&o);
    o.max_document_bytes = 10;
    CHECK_ERROR(okr_graph_load_json_file_ex(g, OKR_EXAMPLES_DIR "/learning_platform.json", &o), OKR_ERR_LIMIT,
                "max_document_bytes (10)");
    o.version = 99;
    CHECK_ERROR(okr_graph_load_json_ex(g, doc, strlen(doc), &o), OKR_ERR_VERSION, "okr_load_options");
    CHECK_ERROR(okr_graph_load_json(g, dup, strlen(dup)), OKR_ERR_PARSE, "field \"title\" is given twice");
    {
        const char *dup_extra = "{\"format\":\"okr\",\"version\":1,\"x_tenant\":{\"k\":[{\"a\":1,\"a\":2}]}}";
        CHECK_ERROR(okr_graph_load_json(g, dup_extra, strlen(dup_extra)), OKR_ERR_PARSE,
                    "field \"x_tenant.k[0].a\" is given twice");
    }
    okr_load_options_init(&o);
    o.max_kpi_values = 1;
    CHECK_ERROR(okr_graph_load_scorecard_csv_ex(g, "id,kpi,2026-07-06,2026-07-13\nx,X,1,2\n", 37, &o), OKR_ERR_LIMIT,
                "max_kpi_values (1)");
    o.max_kpi_values = 10;
    CHECK(okr_graph_load_scorecard_csv_ex(g, "id,kpi,2026-07-06,2026-07-13\nx,X,1,2\n", 37, &o) == OKR_OK);
    o.max_checkins = 1;
    CHECK_ERROR(okr_graph_load_checkins_csv_ex(g, "key_result,date,value\nk,2026-07-06,1\nk,2026-07-07,1\n", 52, &o),
                OKR_ERR_LIMIT, "max_checkins (1)");
    CHECK_ERROR(okr_graph_load_json(g, nul, sizeof nul - 1), OKR_ERR_INVALID_ARGUMENT, "control character (U+0000)");
    CHECK(OKR_E_LIMIT == OKR_ERR_LIMIT && OKR_E_NOMEM == OKR_ERR_NO_MEMORY);
    {
        /* Each limit of the catalogue through the C API; each failed load leaves the graph as it was. */
        static const char *deep = "{\"format\":\"okr\",\"version\":1,\"x\":[[[[[1]]]]]}";
        static const char *links = "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"a\",\"title\":\"A\"},"
                                   "{\"id\":\"b\",\"title\":\"B\"}],\"links\":[{\"from\":\"a\",\"to\":\"b\",\"type\":\"depends_on\"},"
                                   "{\"from\":\"b\",\"to\":\"a\",\"type\":\"depends_on\"}]}";
        static const char *tab = "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"o\",\"title\":\"O\"},"
                                 "{\"id\":\"a\\tb\",\"title\":\"A\"}]}";
        static const char *empty = "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"\",\"title\":\"A\"}]}";
        static const char text_nul[] = "{\"format\":\"okr\",\"version\":1,\"objectives\":[{\"id\":\"t\",\"title\":\"a\\u0000\\u0085\\tb\"}]}";
        static const char *trunc = "{\"format\":\"okr\",\n\"objectives\":[";
        okr_load_options_init(&o);
        o.max_depth = 4;
        CHECK_ERROR(okr_graph_load_json_ex(g, deep, strlen(deep), &o), OKR_E_LIMIT,
                    "document: field \"x\" nests deeper than max_depth (4): its value holds 5 levels of arrays and objects");
        okr_load_options_init(&o);
        o.max_id_bytes = 1;
        CHECK_ERROR(okr_graph_load_json_ex(g, tab, strlen(tab), &o), OKR_E_LIMIT,
                    "objectives[1]: field \"id\" is 3 bytes, more than max_id_bytes (1)");
        okr_load_options_init(&o);
        o.max_text_bytes = 1;
        CHECK_ERROR(okr_graph_load_json_ex(g, text_nul, sizeof text_nul - 1, &o), OKR_E_LIMIT,
                    "objectives[0] \"t\": field \"title\" is 6 bytes, more than max_text_bytes (1)");
        CHECK(okr_last_error() != NULL);
        okr_load_options_init(&o);
        o.max_links = 1;
        CHECK_ERROR(okr_graph_load_json_ex(g, links, strlen(links), &o), OKR_E_LIMIT, "2 links, more than max_links (1)");
        CHECK(okr_graph_node_count(g, &n) == OKR_OK && n == 2); /* still the first document */
        CHECK_ERROR(okr_graph_load_json(g, tab, strlen(tab)), OKR_ERR_INVALID_ARGUMENT,
                    "objectives[1] \"a\\tb\": field \"id\" contains a control character (U+0009) at byte 1");
        CHECK_ERROR(okr_graph_load_json(g, empty, strlen(empty)), OKR_ERR_INVALID_ARGUMENT,
                    "objectives[0]: field \"id\" must not be empty");
        CHECK_ERROR(okr_graph_load_json(g, trunc, strlen(trunc)), OKR_ERR_PARSE, "JSON parse error at line 2, column 15");
        CHECK(okr_graph_load_json(g, text_nul, sizeof text_nul - 1) == OKR_OK); /* free text may hold them */
        CHECK(okr_graph_node_count(g, &n) == OKR_OK && n == 1);
    }
    okr_graph_free(g);
}

static void test_scorecard(void) {
    static const char* doc =
        "{\"format\":\"okr\",\"version\":1,\"kpis\":["
        "{\"id\":\"lessons_created\",\"owner\":\"Marvin\",\"team\":\"Managed Services\",\"comparison\":\">=\",\"goal\":1,\"values\":["
        "{\"date\":\"2026-08-03\",\"value\":1},{\"date\":\"2026-08-10\",\"value\":0},{\"date\":\"2026-08-17\",\"value\":2},{\"date\":\"2026-08-24\",\"value\":1}]},"
        "{\"id\":\"lessons_completed\",\"owner\":\"Diana\",\"team\":\"HR\",\"comparison\":\">=\",\"goal\":4,\"values\":["
        "{\"date\":\"2026-08-04\",\"value\":5},{\"date\":\"2026-08-11\",\"value\":4},{\"date\":\"2026-08-18\",\"value\":3},{\"date\":\"2026-08-25\",\"value\":1}]},"
        "{\"id\":\"kb_articles\",\"owner\":\"Marvin\",\"comparison\":\"in_range\",\"goal\":[2,3],"
        "\"goals\":[{\"from\":\"2026-08-17\",\"comparison\":\">=\",\"goal\":3}],\"values\":["
        "{\"date\":\"2026-08-03\",\"value\":2},{\"date\":\"2026-08-10\",\"value\":1},{\"date\":\"2026-08-17\",\"value\":3},{\"date\":\"2026-08-24\",\"value\":2}]}]}";
    static const int want[3][4] = {{1, 0, 1, 1}, {1, 1, 0, 0}, {1, 0, 1, 0}};
    okr_graph* g = NULL;
    okr_scorecard* sc = NULL;
    okr_scorecard_options o;
    okr_scorecard_row row = OKR_SCORECARD_ROW_INIT;
    size_t nk = 0, np = 0, i, j;
    const double* v = NULL;
    const char* s = NULL;
    int cell = 7;
    CHECK(okr_graph_new(&g) == OKR_OK);
    CHECK(okr_graph_load_json(g, doc, strlen(doc)) == OKR_OK);
    okr_scorecard_options_init(&o);
    CHECK(o.version == OKR_SCORECARD_OPTIONS_VERSION && o.periods == 13 && o.freq == NULL);
    o.periods = 4;
    CHECK(okr_graph_scorecard(g, "2026-08-27", &o, &sc) == OKR_OK);
    CHECK(okr_scorecard_shape(sc, &nk, &np) == OKR_OK && nk == 3 && np == 4);
    CHECK(okr_scorecard_kpi(sc, 1, &s) == OKR_OK && strcmp(s, "lessons_completed") == 0);
    CHECK(okr_scorecard_period(sc, 0, &s) == OKR_OK && strcmp(s, "2026-08-03") == 0);
    CHECK(okr_scorecard_period(sc, 3, &s) == OKR_OK && strcmp(s, "2026-08-24") == 0);
    CHECK(okr_scorecard_values(sc, &v) == OKR_OK && v[4] == 5 && v[7] == 1 && v[9] == 1);
    for (i = 0; i < 3; ++i)
        for (j = 0; j < 4; ++j) CHECK(okr_scorecard_on_goal(sc, i, j, &cell) == OKR_OK && cell == want[i][j]);
    CHECK(okr_scorecard_row_get(sc, 1, &row) == OKR_OK);
    CHECK(strcmp(row.goal, ">= 4") == 0 && row.avg_4 == 3.25 && row.total == 13 && row.on_goal_share == 0.5);
    CHECK(CLOSE(row.trend, -1.3) && row.off_goal_streak == 2);
    CHECK(okr_scorecard_row_get(sc, 2, &row) == OKR_OK && strcmp(row.goal, ">= 3") == 0 && row.off_goal_streak == 1);
    CHECK_ERROR(okr_scorecard_on_goal(sc, 3, 0, &cell), OKR_ERR_NOT_FOUND, "KPI index 3 is out of range");
    CHECK_ERROR(okr_scorecard_period(sc, 4, &s), OKR_ERR_NOT_FOUND, "period index 4");
    row.version = 0;
    CHECK_ERROR(okr_scorecard_row_get(sc, 0, &row), OKR_ERR_VERSION, "okr_scorecard_row");
    okr_scorecard_free(sc);
    sc = NULL;
    /* A filter, a requested frequency (August summed), the defaults; errors. */
    o.team = "HR";
    CHECK(okr_graph_scorecard(g, "2026-08-27", &o, &sc) == OKR_OK);
    CHECK(okr_scorecard_shape(sc, &nk, NULL) == OKR_OK && nk == 1);
    okr_scorecard_free(sc);
    o.team = NULL;
    o.freq = "MS";
    o.periods = 1;
    CHECK(okr_graph_scorecard(g, "2026-08-27", &o, &sc) == OKR_OK);
    CHECK(okr_scorecard_values(sc, &v) == OKR_OK && v[0] == 4 && v[1] == 13 && v[2] == 8);
    okr_scorecard_free(sc);
    CHECK(okr_graph_scorecard(g, "2026-08-27", NULL, &sc) == OKR_OK);
    CHECK(okr_scorecard_shape(sc, NULL, &np) == OKR_OK && np == 13);
    okr_scorecard_free(sc);
    sc = NULL;
    o.periods = 0;
    CHECK_ERROR(okr_graph_scorecard(g, "2026-08-27", &o, &sc), OKR_ERR_INVALID_ARGUMENT, "periods must be >= 1");
    o.periods = 4;
    o.freq = "fortnight";
    CHECK_ERROR(okr_graph_scorecard(g, "2026-08-27", &o, &sc), OKR_ERR_INVALID_ARGUMENT, "fortnight");
    o.freq = NULL;
    CHECK_ERROR(okr_graph_scorecard(g, "2026-02-30", &o, &sc), OKR_ERR_INVALID_ARGUMENT, "as_of");
    o.version = 99;
    CHECK_ERROR(okr_graph_scorecard(g, "2026-08-27", &o, &sc), OKR_ERR_VERSION, "okr_scorecard_options");
    CHECK_ERROR(okr_graph_scorecard(NULL, "2026-08-27", NULL, &sc), OKR_ERR_INVALID_ARGUMENT, "\"g\"");
    CHECK_ERROR(okr_graph_scorecard(g, "2026-08-27", NULL, NULL), OKR_ERR_INVALID_ARGUMENT, "\"out\"");
    CHECK(sc == NULL);
    okr_scorecard_free(NULL);
    okr_graph_free(g);
}

int main(void) {
    test_worked_examples();
    test_bulk_scores_and_json();
    test_errors();
    test_alignment();
    test_correlation();
    test_leading_indicators();
    test_effects();
    test_batch_and_csv();
    test_kpi_goals();
    test_scorecard();
    test_rocks();
    test_lint();
    test_limits();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
