// Validation helpers of the graph's mutators (internal to src/: model.cpp, checkins.cpp,
// topology.cpp): errors that name the element and field, and growth that keeps a multi-vector
// insert all-or-nothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "memory.hpp"
#include "okr/date.hpp"
#include "okr/detail/text.hpp"
#include "okr/error.hpp"

namespace okr::model {

using okr::detail::quote;

[[noreturn]] inline void fail(ErrorCode code, const std::string& msg) { okr::detail::throw_error(code, msg); }

// Room for `extra` more elements, growing geometrically (repeated small batches stay linear).
template <class V>
inline void reserve_more(V& v, std::size_t extra) {
    const std::size_t need = v.size() + extra;
    if (need > v.capacity()) v.reserve(std::max(need, 2 * v.capacity()));
}

// Makes sure the next push_back cannot throw (so a multi-vector insert is all-or-nothing), with
// geometric growth: reserve(size() + 1) would reallocate on every call. Large new storage asks
// for huge pages (a load whose size estimate fell short grows hundreds of MB here).
template <class V>
inline void room_for_one(V& v) {
    if (v.size() == v.capacity()) detail::reserve_large(v, std::max<std::size_t>(16, v.capacity() * 2));
}

inline std::string where(const char* what, const std::string& id) { return std::string(what) + " " + quote(id); }

// Names the element an error is about. Built into a string only when an error is raised, so
// validation costs nothing on the happy path (bulk loads validate millions of elements).
struct Who {
    enum Form { named, link, checkin } form;
    const char* what;
    const std::string* a;
    const std::string* b = nullptr;
    Date date{};

    std::string str() const {
        switch (form) {
            case link: return "link " + quote(*a) + " -> " + quote(*b);
            case checkin: return "check-in for " + quote(*a) + " on " + date.iso();
            default: return std::string(what) + " " + quote(*a);
        }
    }
};
inline std::string operator+(const Who& w, const char* s) { return w.str() + s; }

inline void require_finite(double v, const Who& who, const char* field) {
    if (!std::isfinite(v))
        fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" must be a finite number");
}

inline void require_weight(double w, const Who& who, const char* field = "weight") {
    require_finite(w, who, field);
    if (w <= 0) fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" must be > 0");
}

inline void require_text(const std::string& s, const Who& who, const char* field) {
    if (!detail::valid_utf8(s))
        fail(ErrorCode::parse, who + ": field \"" + field + "\" is not valid UTF-8");
}

// An id: valid UTF-8 with no control character (C0, DEL or C1: a NUL could never be named
// through the C API, and the others are invisible in every report).
inline void require_id(const std::string& id, const Who& who) {
    require_text(id, who, "id");
    if (const std::string e = detail::control_character_error(id); !e.empty()) fail(ErrorCode::invalid_argument, who + ": " + e);
}

}  // namespace okr::model
