// JSON interchange, format version 1: load_json and load_json_file. Parsing is simdjson
// On-Demand (no DOM tape: one pass over the text, building the graph as it goes).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#if defined(__unix__) || defined(__APPLE__)
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define OKR_POSIX_FILES 1
#endif

#include <simdjson.h>

#include "../memory.hpp"
#include "fields.hpp"
#include "okr/io_json.hpp"
#include "speculative.hpp"

namespace okr {

using json::diagnose;
using json::fail;
using detail::quote;

namespace {

// On-Demand reads up to SIMDJSON_PADDING bytes past the end of the text (their content does not
// matter). When those bytes lie on the page of the text's last byte they can be read without a
// fault, and the text is parsed in place; only text that ends near a page boundary is copied
// into a padded buffer (simdjson's "free padding", doc/performance.md upstream). A copy of a
// 400 MB document costs ~100,000 first-touch page faults. Builds with AddressSanitizer always
// copy: it reports the (harmless) reads past the end.
// Only on x86: Arm's memory tagging (MTE) faults on a read past an allocation even within its
// page. Never under sanitizers, which report such reads (or, for TSan, could see a race with a
// writer of the bytes after the text).
#if !(defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86))
constexpr bool read_past_end_ok = false;
#elif defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_HWADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool read_past_end_ok = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(hwaddress_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
constexpr bool read_past_end_ok = false;
#else
constexpr bool read_past_end_ok = true;
#endif
#else
constexpr bool read_past_end_ok = true;
#endif

bool padding_on_same_page(std::string_view text) {
    static const std::uintptr_t page = [] {
#if defined(__unix__) || defined(__APPLE__)
        const long p = ::sysconf(_SC_PAGESIZE);
        if (p >= 4096) return static_cast<std::uintptr_t>(p);
#endif
        return std::uintptr_t{4096};  // the smallest page size of the platforms we build for
    }();
    const auto last = reinterpret_cast<std::uintptr_t>(text.data() + text.size() - 1);
    return last % page + simdjson::SIMDJSON_PADDING < page;
}

}  // namespace


namespace {

void check_size(std::size_t bytes, const Limits& limits) {
    limits.validate();
    if (bytes > limits.max_document_bytes)
        fail(ErrorCode::limit, "document: " + std::to_string(bytes) + " bytes, more than max_document_bytes (" +
                                   std::to_string(limits.max_document_bytes) + ")");
}

Graph parse_text(simdjson::padded_string_view text, const LoadOptions& options, LoadStats* stats) {
    try {
        return json::read_document(text, options, stats);
    } catch (const json::SyntaxError& e) {
        if (e.code == simdjson::MEMALLOC) fail(ErrorCode::no_memory, "out of memory parsing JSON");
        fail(ErrorCode::parse, diagnose(std::string_view(text.data(), text.size()), e.code));
    } catch (const simdjson::simdjson_error& e) {
        fail(ErrorCode::parse, diagnose(std::string_view(text.data(), text.size()), e.error()));
    }
}

}  // namespace

Graph load_json(std::string_view text, const LoadOptions& options, LoadStats* stats) {
    if (stats) *stats = LoadStats{};
    check_size(text.size(), options.limits);
    if (text.empty()) fail(ErrorCode::parse, "JSON parse error: empty text");
    simdjson::padded_string copy;
    simdjson::padded_string_view view;
    if (read_past_end_ok && padding_on_same_page(text)) {
        view = simdjson::padded_string_view(text.data(), text.size(), text.size() + simdjson::SIMDJSON_PADDING);
    } else {
        copy = simdjson::padded_string(text);
        // simdjson's padded_string reports a failed allocation only by a null data().
        if (copy.data() == nullptr) fail(ErrorCode::no_memory, "out of memory copying the JSON text");
        view = copy;
    }
    return parse_text(view, options, stats);
}

namespace {

#if OKR_POSIX_FILES
// A regular file is read into a buffer of its own pages: a private anonymous mapping of the text
// plus simdjson's padding, which the kernel may back with transparent huge pages (MADV_HUGEPAGE).
// Reading 400 MB into fresh heap memory costs ~100,000 first-touch page faults (1.2-1.7 s on a
// virtual machine, against 0.3 s this way). The file is read, not mapped: a file truncated by
// another process while a mapping of it is parsed would kill the process with SIGBUS.
class FileBuffer {
public:
    FileBuffer() = default;
    FileBuffer(const FileBuffer&) = delete;
    FileBuffer& operator=(const FileBuffer&) = delete;
    ~FileBuffer() {
        if (data_ != nullptr) ::munmap(data_, capacity_);
    }
    bool allocate(std::size_t bytes) {  // false when out of memory; the contents are zero
        capacity_ = bytes;
        void* p = ::mmap(nullptr, capacity_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return false;
        data_ = static_cast<char*>(p);
        detail::advise_huge_pages(data_, capacity_);  // src/memory.hpp: only a hint
        return true;
    }
    char* data() const noexcept { return data_; }

private:
    char* data_ = nullptr;
    std::size_t capacity_ = 0;
};

struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

// Files under this size go through simdjson's padded_string: a few pages of heap are cheap.
constexpr std::size_t kMapThreshold = std::size_t{1} << 22;  // 4 MiB
#endif

}  // namespace

Graph load_json_file(const std::string& path, const LoadOptions& options, LoadStats* stats) {
    if (stats) *stats = LoadStats{};
#if OKR_POSIX_FILES
    FileDescriptor file;
    do {
        file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (file.fd < 0 && errno == EINTR);
    struct stat st {};
    if (file.fd >= 0 && ::fstat(file.fd, &st) == 0 && S_ISREG(st.st_mode)) {
        const auto size = static_cast<std::size_t>(st.st_size);
        check_size(size, options.limits);  // before reading it
        if (size == 0) fail(ErrorCode::parse, "JSON parse error: empty text");
        if (size >= kMapThreshold) {
            FileBuffer buffer;
            if (!buffer.allocate(size + simdjson::SIMDJSON_PADDING))
                fail(ErrorCode::no_memory, "out of memory reading " + quote(path));
            std::size_t got = 0;
            while (got < size) {  // the size fstat gave: a file that grows meanwhile is read up to it
                const ssize_t n = ::read(file.fd, buffer.data() + got, size - got);
                if (n > 0) {
                    got += static_cast<std::size_t>(n);
                } else if (n == 0) {
                    break;  // truncated meanwhile: parse what there is (an error if it was cut short)
                } else if (errno != EINTR) {
                    fail(ErrorCode::not_found, "cannot read " + quote(path));
                }
            }
            if (got == 0) fail(ErrorCode::parse, "JSON parse error: empty text");
            return parse_text(simdjson::padded_string_view(buffer.data(), got, got + simdjson::SIMDJSON_PADDING),
                              options, stats);
        }
    }
#endif
    {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (!ec) check_size(static_cast<std::size_t>(size), options.limits);  // before reading it
    }
    simdjson::padded_string text;
    if (auto err = simdjson::padded_string::load(path).get(text)) {
        if (err == simdjson::MEMALLOC) fail(ErrorCode::no_memory, "out of memory reading " + quote(path));
        fail(ErrorCode::not_found, "cannot open " + quote(path));
    }
    if (text.size() == 0) fail(ErrorCode::parse, "JSON parse error: empty text");
    return parse_text(text, options, stats);
}

Graph load_json(std::string_view text) { return load_json(text, LoadOptions{}); }

Graph load_json_file(const std::string& path) { return load_json_file(path, LoadOptions{}); }

}  // namespace okr
