// Internal containers behind large graphs: detail::ChunkedStore (stable addresses, few chunks)
// and the huge-page helpers of src/memory.hpp.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "memory.hpp"
#include "okr/detail/chunked_store.hpp"

using okr::detail::ChunkedStore;

namespace {
// Throws from its constructor when asked to, to check that a failed append changes nothing.
struct Fragile {
    static int alive;
    int value;
    explicit Fragile(int v) : value(v) {
        if (v < 0) throw std::runtime_error("fragile");
        ++alive;
    }
    Fragile(const Fragile& o) : value(o.value) { ++alive; }
    ~Fragile() { --alive; }
};
int Fragile::alive = 0;
}  // namespace

TEST_CASE("ChunkedStore keeps addresses and values across growth, copy, swap and pop_back", "[memory]") {
    ChunkedStore<std::string> s;
    CHECK(s.empty());
    const std::size_t n = 300'000;  // past several chunk boundaries (64, 192, 448, ... elements)
    std::vector<const std::string*> where;
    for (std::size_t i = 0; i < n; ++i) {
        s.push_back("node-" + std::to_string(i) + "-with-a-name-longer-than-sso");
        where.push_back(&s.back());
    }
    REQUIRE(s.size() == n);
    for (std::size_t i : {std::size_t{0}, std::size_t{63}, std::size_t{64}, std::size_t{191}, std::size_t{192}, n / 2, n - 1}) {
        CHECK(&s[i] == where[i]);
        CHECK(s[i] == "node-" + std::to_string(i) + "-with-a-name-longer-than-sso");
    }
    bool all_same = true;
    for (std::size_t i = 0; i < n; ++i) all_same = all_same && &s[i] == where[i];
    CHECK(all_same);

    const ChunkedStore<std::string> copy(s);
    REQUIRE(copy.size() == n);
    CHECK(copy[n - 1] == s[n - 1]);
    CHECK(&copy[0] != &s[0]);

    ChunkedStore<std::string> other;
    other.push_back("x");
    swap(s, other);  // addresses move with the contents
    CHECK(other.size() == n);
    CHECK(&other[12345] == where[12345]);
    CHECK(s.size() == 1);
    CHECK(s[0] == "x");

    for (std::size_t i = 0; i < 100; ++i) other.pop_back();
    CHECK(other.size() == n - 100);
    CHECK(other.back() == "node-" + std::to_string(n - 101) + "-with-a-name-longer-than-sso");
    other.push_back("again");  // into the kept chunk, where the popped element was
    CHECK(&other.back() == where[n - 100]);

    ChunkedStore<std::string> moved(std::move(other));
    CHECK(moved.size() == n - 99);
    CHECK(other.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    other = copy;
    CHECK(other.size() == n);
    CHECK(other[77] == copy[77]);
}

TEST_CASE("ChunkedStore: a throwing append changes nothing and nothing leaks", "[memory]") {
    {
        ChunkedStore<Fragile> s;
        for (int i = 0; i < 64; ++i) s.emplace_back(i);  // chunk 0 full: the next append opens chunk 1
        CHECK_THROWS_AS(s.emplace_back(-1), std::runtime_error);
        CHECK(s.size() == 64);
        CHECK(s.back().value == 63);
        s.emplace_back(64);
        CHECK(s.back().value == 64);
        CHECK(Fragile::alive == 65);
        ChunkedStore<Fragile> copy(s);
        CHECK(Fragile::alive == 130);
    }
    CHECK(Fragile::alive == 0);
}

TEST_CASE("huge-page helpers keep a vector's contents", "[memory]") {
    std::vector<int> v = {1, 2, 3};
    okr::detail::reserve_large(v, std::size_t{1} << 20);  // 4 MB: new storage, advised
    CHECK(v.capacity() >= std::size_t{1} << 20);
    CHECK(v == std::vector<int>{1, 2, 3});
    std::vector<int> w;
    for (int i = 0; i < 1'000'000; ++i) okr::detail::push_back_large(w, i);
    CHECK(w.size() == 1'000'000);
    CHECK(w[999'999] == 999'999);
    const std::vector<double> z = okr::detail::large_vector<double>(600'000, -1.0);
    CHECK(z.size() == 600'000);
    CHECK(z.front() == -1.0);
    CHECK(z.back() == -1.0);
    const std::vector<int> part = okr::detail::large_vector<int>(w.begin() + 10, w.begin() + 700'010);
    CHECK(part.size() == 700'000);
    CHECK(part.front() == 10);
    CHECK(part.back() == 700'009);
}
