// Replays fuzz inputs through a target without libFuzzer: each argument is a file (or a
// directory whose files are all replayed). Used by ctest to replay the committed corpora in
// every build, with any compiler; a broken invariant aborts (a failed test).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void replay(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        std::exit(2);
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A copy of exactly the input's size, so that AddressSanitizer sees a read past its end.
    std::vector<std::uint8_t> exact(bytes.begin(), bytes.end());
    static std::uint8_t none = 0;  // libFuzzer passes a valid pointer for an empty input too
    LLVMFuzzerTestOneInput(exact.empty() ? &none : exact.data(), exact.size());
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t n = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path p(argv[i]);
        if (std::filesystem::is_directory(p)) {
            std::vector<std::filesystem::path> files;
            for (const auto& e : std::filesystem::directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) replay(f), ++n;
        } else {
            replay(p), ++n;
        }
    }
    std::printf("%zu inputs replayed\n", n);
    return n > 0 ? 0 : 2;
}
