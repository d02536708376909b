#pragma once
// CPU time of the calling thread, as a std::chrono clock. The benchmark host is shared with other
// builds, so wall time overstates a flow's cost; this clock does not count time spent waiting for a
// core. Benchmarks report both.
#include <time.h>

#include <chrono>

namespace kb::bench {

struct ThreadCpuClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<ThreadCpuClock>;
  static constexpr bool is_steady = true;
  static time_point now() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return time_point(std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec));
  }
};

}  // namespace kb::bench
