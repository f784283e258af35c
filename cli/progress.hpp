// A progress bar (count, rate, ETA) for long batches on a terminal; silent otherwise.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>

namespace kyso::cli {

class ProgressBar {
public:
    // Draws only when stdout is a terminal and `enabled`.
    explicit ProgressBar(bool enabled);
    void update(std::size_t done, std::size_t total, std::size_t errors);
    void finish();

private:
    bool m_enabled;
    std::chrono::steady_clock::time_point m_start, m_last;
    bool m_drawn = false;
};

}  // namespace kyso::cli
