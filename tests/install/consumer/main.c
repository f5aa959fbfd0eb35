/* Uses the installed C ABI (through find_package or pkg-config). */
#include <okr.h>
#include <stdio.h>

int main(int argc, char **argv) {
    okr_graph *g = NULL;
    double s = 0;
    if (argc < 2) return 2;
    if (okr_graph_new(&g) != OKR_OK || okr_graph_load_json_file(g, argv[1]) != OKR_OK ||
        okr_graph_score(g, "kr-fin-ar", "2026-09-07", &s) != OKR_OK) {
        fprintf(stderr, "error: %s\n", okr_last_error());
        okr_graph_free(g);
        return 1;
    }
    printf("okr %s (C): kr-fin-ar %.4f\n", okr_version(), s);
    okr_graph_free(g);
    return s == 0.5625 ? 0 : 1;
}
