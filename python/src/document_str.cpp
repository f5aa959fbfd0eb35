// okr._core: a written document as a str (Graph._dumps).
//
// A large organisation's document is hundreds of MB. PyUnicode_DecodeUTF8 would allocate the str
// and fault its pages in 4 KB at a time as it decodes. Instead the str is allocated first
// (PyUnicode_New touches only its header and last character), its pages are asked to be huge
// pages, and the text is decoded into it. The kind of the str (1, 2 or 4 bytes per character)
// follows from the largest UTF-8 lead byte, as CPython requires of a canonical str.
#include <cstdint>
#include <cstring>

#include "bindings.hpp"
#include "okr/detail/text.hpp"

namespace okr::python {

namespace {

// Decodes valid UTF-8 into characters of type Ch.
template <class Ch>
void decode(const unsigned char* p, const unsigned char* end, Ch* out) {
    while (p < end) {
        const unsigned char b = *p;
        std::uint32_t c;
        if (b < 0x80) {
            c = b;
            p += 1;
        } else if (b < 0xE0) {
            c = (b & 0x1Fu) << 6 | (p[1] & 0x3Fu);
            p += 2;
        } else if (b < 0xF0) {
            c = (b & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
            p += 3;
        } else {
            c = (b & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
            p += 4;
        }
        *out++ = static_cast<Ch>(c);
    }
}

}  // namespace

py::str document_str(const std::string& text) {
    const std::size_t n = text.size();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    if (n < okr::detail::huge_page_threshold || !okr::detail::valid_utf8(text)) {
        PyObject* o = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(n), "strict");
        if (!o) throw py::error_already_set();
        return py::reinterpret_steal<py::str>(o);
    }
    // Characters, and the largest lead byte: below 0x80 ASCII, up to 0xC3 at most U+00FF, up to
    // 0xEF at most U+FFFF, else beyond.
    std::size_t chars = 0;
    unsigned char lead = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char b = p[i];
        if ((b & 0xC0u) != 0x80u) {
            ++chars;
            lead = b > lead ? b : lead;
        }
    }
    const Py_UCS4 maxchar = lead < 0x80 ? 0x7F : lead <= 0xC3 ? 0xFF : lead < 0xF0 ? 0xFFFF : 0x10FFFF;
    PyObject* o = PyUnicode_New(static_cast<Py_ssize_t>(chars), maxchar);
    if (!o) throw py::error_already_set();
    void* data = PyUnicode_DATA(o);
    const int kind = PyUnicode_KIND(o);
    okr::detail::advise_huge_pages(data, chars * static_cast<std::size_t>(kind));
    if (maxchar == 0x7F) {
        std::memcpy(data, p, n);
    } else if (kind == PyUnicode_1BYTE_KIND) {
        decode(p, p + n, static_cast<Py_UCS1*>(data));
    } else if (kind == PyUnicode_2BYTE_KIND) {
        decode(p, p + n, static_cast<Py_UCS2*>(data));
    } else {
        decode(p, p + n, static_cast<Py_UCS4*>(data));
    }
    return py::reinterpret_steal<py::str>(o);
}

}  // namespace okr::python
