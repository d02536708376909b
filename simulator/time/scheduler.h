#pragma once
// Virtual time for a bench: a nanosecond counter and the events due on it. Nothing here reads a
// wall clock, so a run is the same every time.
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace kb::sim {

using Nanoseconds = uint64_t;

inline constexpr Nanoseconds kMicrosecond = 1000;
inline constexpr Nanoseconds kMillisecond = 1000 * kMicrosecond;

class Scheduler {
 public:
  using Callback = std::function<void()>;

  Nanoseconds now() const { return now_; }

  // Runs callback when time reaches at (or now, at the next advance, if at is in the past).
  // Events due at the same instant run in the order they were scheduled.
  void schedule_at(Nanoseconds at, Callback callback);
  void schedule_in(Nanoseconds delay, Callback callback) { schedule_at(now_ + delay, std::move(callback)); }

  // Moves time forward, running each due event at its own timestamp.
  void advance_to(Nanoseconds t);
  void advance_by(Nanoseconds d) { advance_to(now_ + d); }

  size_t pending() const { return queue_.size(); }
  // Forgets every pending event (a power cut: nothing scheduled survives).
  void cancel_all();

 private:
  struct Event {
    Nanoseconds at;
    uint64_t sequence;
    Callback callback;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.at != b.at ? a.at > b.at : a.sequence > b.sequence;
    }
  };
  Nanoseconds now_ = 0;
  uint64_t next_sequence_ = 0;
  std::priority_queue<Event, std::vector<Event>, Later> queue_;
};

}  // namespace kb::sim
