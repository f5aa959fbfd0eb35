/* Compiled as strict C99 (-Wall -Wextra -pedantic -Werror): okr.h must stand alone. */
#include "okr.h"

int okr_header_c_probe(void);
int okr_header_c_probe(void) {
    okr_checkin_options o = OKR_CHECKIN_OPTIONS_INIT;
    okr_node_score n = OKR_NODE_SCORE_INIT;
    return (int)o.version + (int)n.version;
}
