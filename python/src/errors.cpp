// okr._core bindings: error mapping — every okr::Error raised by a binding becomes the okr.errors
// class for its code.
#include <exception>

#include "bindings.hpp"

void okr::python::bind_errors(py::module_& /*m*/) {
    // okr::Error → the okr.errors class for its code (imported lazily: okr.errors is pure Python).
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const okr::Error& e) {
            py::object cls = py::module_::import("okr.errors").attr("_class_for_code")(static_cast<int>(e.code()));
            PyErr_SetString(cls.ptr(), e.what());
        }
    });
}
