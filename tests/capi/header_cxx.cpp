// Compiled as C++ with -Wall -Wextra -pedantic -Werror: okr.h must stand alone there too.
#include "okr.h"

int okr_header_cxx_probe();
int okr_header_cxx_probe() {
    okr_checkin_options o = OKR_CHECKIN_OPTIONS_INIT;
    okr_node_score n = OKR_NODE_SCORE_INIT;
    return static_cast<int>(o.version + n.version);
}
