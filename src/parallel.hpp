// Internal: a small fork-join loop for the heavy numeric kernels.
//
// The number of threads is the OKR_NUM_THREADS environment variable if set (1 = run on the
// calling thread only, the right setting inside an already parallel host such as one
// dask worker per core), else std::thread::hardware_concurrency(). Tasks are handed out
// dynamically, so uneven tasks (rows of a triangle) balance themselves.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace okr::detail {

inline unsigned max_threads() {
    static const unsigned n = [] {
        if (const char* e = std::getenv("OKR_NUM_THREADS")) {
            char* end = nullptr;
            const long v = std::strtol(e, &end, 10);
            if (end != e && v >= 1) return static_cast<unsigned>(std::min<long>(v, 256));
        }
        const unsigned h = std::thread::hardware_concurrency();
        return h ? h : 1u;
    }();
    return n;
}

/// Calls f(task, worker) for every task in [0, n) on up to max_threads() threads (the caller
/// is worker 0). `min_per_thread`: tasks below which another thread is not worth starting.
/// The first exception thrown by a task is rethrown on the caller after every worker stopped.
template <class F>
void parallel_for(std::size_t n, F&& f, std::size_t min_per_thread = 1) {
    const std::size_t want = min_per_thread ? n / min_per_thread : n;
    const unsigned workers = static_cast<unsigned>(std::clamp<std::size_t>(want, 1, max_threads()));
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) f(i, 0u);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto run = [&](unsigned w) {
        try {
            for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) f(i, w);
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
            next.store(n, std::memory_order_relaxed);
        }
    };
    std::vector<std::thread> threads;
    try {
        threads.reserve(workers - 1);
        for (unsigned w = 1; w < workers; ++w) threads.emplace_back(run, w);
    } catch (...) {
        // No more threads to be had (resource limits): the ones started and this one share the
        // work; tasks are handed out dynamically, so nothing is lost.
    }
    run(0);
    for (auto& t : threads) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace okr::detail
