#include "simulator/time/scheduler.h"

namespace kb::sim {

void Scheduler::schedule_at(Nanoseconds at, Callback callback) {
  queue_.push(Event{at < now_ ? now_ : at, next_sequence_++, std::move(callback)});
}

void Scheduler::advance_to(Nanoseconds t) {
  while (!queue_.empty() && queue_.top().at <= t) {
    Event e = queue_.top();
    queue_.pop();
    now_ = e.at;
    e.callback();
  }
  if (t > now_) now_ = t;
}

void Scheduler::cancel_all() {
  while (!queue_.empty()) queue_.pop();
}

}  // namespace kb::sim
