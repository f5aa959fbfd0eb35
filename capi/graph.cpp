// C ABI: graph lifecycle, JSON load/dump, node count and ids, check-ins, CSV loaders.
#include "okr.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../src/memory.hpp"
#include "internal.hpp"
#include "okr/date.hpp"
#include "okr/error.hpp"
#include "okr/io_csv.hpp"
#include "okr/io_json.hpp"
#include "okr/model.hpp"

using namespace okr::capi;

namespace {

okr::LoadOptions load_options(const okr_load_options* opts) {
    okr::LoadOptions o;
    if (!opts) return o;
    require_version(opts->version, OKR_LOAD_OPTIONS_VERSION, "okr_load_options", "OKR_LOAD_OPTIONS_INIT");
    okr::Limits& l = o.limits;
    l.max_document_bytes = opts->max_document_bytes;
    l.max_depth = opts->max_depth;
    l.max_id_bytes = opts->max_id_bytes;
    l.max_text_bytes = opts->max_text_bytes;
    l.max_nodes = opts->max_nodes;
    l.max_links = opts->max_links;
    l.max_checkins = opts->max_checkins;
    l.max_kpi_values = opts->max_kpi_values;
    return o;
}

}  // namespace

extern "C" {

okr_status okr_graph_new(okr_graph** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        *out = new okr_graph();
    });
}

void okr_graph_free(okr_graph* g) { delete g; }

okr_status okr_graph_load_json(okr_graph* g, const char* json, size_t len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (json == nullptr && len != 0) null_arg("json");
        okr::Graph loaded = okr::load_json(std::string_view(json ? json : "", len));
        g->graph.swap(loaded);
    });
}

okr_status okr_graph_load_json_file(okr_graph* g, const char* path) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(path);
        okr::Graph loaded = okr::load_json_file(path);
        g->graph.swap(loaded);
    });
}


void okr_load_options_init(okr_load_options* opts) {
    if (opts) *opts = okr_load_options OKR_LOAD_OPTIONS_INIT;
}

okr_status okr_graph_load_json_ex(okr_graph* g, const char* json, size_t len, const okr_load_options* opts) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (json == nullptr && len != 0) null_arg("json");
        okr::Graph loaded = okr::load_json(std::string_view(json ? json : "", len), load_options(opts));
        g->graph.swap(loaded);
    });
}

okr_status okr_graph_load_json_file_ex(okr_graph* g, const char* path, const okr_load_options* opts) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(path);
        okr::Graph loaded = okr::load_json_file(path, load_options(opts));
        g->graph.swap(loaded);
    });
}

okr_status okr_graph_to_json(const okr_graph* g, char** out, size_t* len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        const std::string text = okr::to_json(g->graph);
        // operator new, like every other allocation of the library, so that one allocator hook
        // sees them all (tests/capi/test_alloc_failure.cpp); okr_string_free deletes it.
        char* buf = new (std::nothrow) char[text.size() + 1];
        if (!buf) throw std::bad_alloc();
        okr::detail::advise_huge_pages(buf, text.size() + 1);  // copied into untouched pages
        std::memcpy(buf, text.data(), text.size());
        buf[text.size()] = '\0';
        *out = buf;
        if (len) *len = text.size();
    });
}

okr_status okr_graph_node_count(const okr_graph* g, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        *out = g->graph.node_count();
    });
}

void okr_checkin_options_init(okr_checkin_options* opts) {
    if (opts) *opts = okr_checkin_options{OKR_CHECKIN_OPTIONS_VERSION, NAN, nullptr, nullptr};
}

okr_status okr_graph_checkin_ex(okr_graph* g, const char* kr_id, const char* date, double value,
                                const okr_checkin_options* opts) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(kr_id);
        OKR_REQUIRE(date);
        okr::CheckIn c;
        c.key_result = kr_id;
        c.date = okr::Date::parse(date, "date");
        c.value = value;
        if (opts) {
            require_version(opts->version, OKR_CHECKIN_OPTIONS_VERSION, "okr_checkin_options", "OKR_CHECKIN_OPTIONS_INIT");
            c.confidence = opts->confidence;
            if (opts->note) c.note = opts->note;
            if (opts->stage) c.stage = opts->stage;
        }
        g->graph.check_in(std::move(c));
    });
}

okr_status okr_graph_checkin(okr_graph* g, const char* kr_id, const char* date, double value, double confidence) {
    okr_checkin_options o{OKR_CHECKIN_OPTIONS_VERSION, confidence, nullptr, nullptr};
    return okr_graph_checkin_ex(g, kr_id, date, value, &o);
}

okr_status okr_graph_checkin_batch(okr_graph* g, const okr_checkin* items, size_t count) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (items == nullptr && count != 0) null_arg("items");
        std::vector<okr::CheckIn> batch;
        batch.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            const okr_checkin& in = items[i];
            const std::string at = "check-ins[" + std::to_string(i) + "]: ";
            if (in.version != OKR_CHECKIN_VERSION)
                throw okr::Error(okr::ErrorCode::version, at + "okr_checkin: unknown version " + std::to_string(in.version) +
                                                              " (initialise it with OKR_CHECKIN_INIT)");
            if (!in.key_result) throw okr::Error(okr::ErrorCode::invalid_argument, at + "key_result is NULL");
            if (!in.date) throw okr::Error(okr::ErrorCode::invalid_argument, at + "date is NULL");
            okr::CheckIn c;
            c.key_result = in.key_result;
            try {
                c.date = okr::Date::parse(in.date, "date");
            } catch (const okr::Error& e) {
                okr::detail::throw_error(e.code(), at + e.what());
            }
            c.value = in.value;
            c.confidence = in.confidence;
            if (in.note) c.note = in.note;
            if (in.stage) c.stage = in.stage;
            batch.push_back(std::move(c));
        }
        g->graph.check_in_batch(std::move(batch));
    });
}

okr_status okr_graph_load_checkins_csv(okr_graph* g, const char* csv, size_t len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (csv == nullptr && len != 0) null_arg("csv");
        okr::load_checkins_csv(g->graph, std::string_view(csv ? csv : "", len));
    });
}

okr_status okr_graph_load_scorecard_csv(okr_graph* g, const char* csv, size_t len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (csv == nullptr && len != 0) null_arg("csv");
        okr::load_scorecard_csv(g->graph, std::string_view(csv ? csv : "", len));
    });
}
okr_status okr_graph_load_checkins_csv_ex(okr_graph* g, const char* csv, size_t len, const okr_load_options* opts) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (csv == nullptr && len != 0) null_arg("csv");
        okr::load_checkins_csv(g->graph, std::string_view(csv ? csv : "", len), load_options(opts).limits);
    });
}

okr_status okr_graph_load_scorecard_csv_ex(okr_graph* g, const char* csv, size_t len, const okr_load_options* opts) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (csv == nullptr && len != 0) null_arg("csv");
        okr::load_scorecard_csv(g->graph, std::string_view(csv ? csv : "", len), load_options(opts).limits);
    });
}


okr_status okr_graph_node_id(const okr_graph* g, size_t i, const char** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        const std::size_t n = g->graph.node_count();
        if (i >= n)  // as okr_scores_* do for an index out of range
            throw okr::Error(okr::ErrorCode::not_found,
                             "node index " + std::to_string(i) + " is out of range (the graph has " + std::to_string(n) + " nodes)");
        *out = g->graph.id(static_cast<okr::NodeIndex>(i)).c_str();
    });
}

}  // extern "C"
