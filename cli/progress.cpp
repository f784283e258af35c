#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace kyso::cli {

ProgressBar::ProgressBar(bool enabled)
    : m_enabled(enabled && ::isatty(STDOUT_FILENO) == 1), m_start(std::chrono::steady_clock::now()), m_last(m_start) {}

void ProgressBar::update(std::size_t done, std::size_t total, std::size_t errors) {
    if (!m_enabled || total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - m_last < std::chrono::milliseconds(100)) return;
    m_last = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    constexpr int width = 30;
    const int filled = static_cast<int>(width * done / total);
    char bar[width + 1];
    for (int i = 0; i < width; ++i)
        bar[i] = i < filled ? '=' : (i == filled ? '>' : ' ');
    bar[width] = '\0';
    std::printf("\r[%s] %zu/%zu  %.0f/s  ETA %.0fs%s", bar, done, total, rate, eta, errors ? "  errors: " : "");
    if (errors) std::printf("%zu", errors);
    std::fflush(stdout);
    m_drawn = true;
}

void ProgressBar::finish() {
    if (m_drawn) {
        std::printf("\n");
        std::fflush(stdout);
    }
}

}  // namespace kyso::cli
