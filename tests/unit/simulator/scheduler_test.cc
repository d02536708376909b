#include "simulator/time/scheduler.h"

#include <gtest/gtest.h>

#include <vector>

namespace kb::sim {
namespace {

TEST(Scheduler, RunsEventsInTimeOrderThenSchedulingOrder) {
  Scheduler s;
  std::vector<int> order;
  s.schedule_at(30, [&] { order.push_back(3); });
  s.schedule_at(10, [&] { order.push_back(1); });
  s.schedule_at(10, [&] { order.push_back(2); });
  s.advance_to(20);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(s.now(), 20u);
  s.advance_by(10);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(Scheduler, EventSeesItsOwnTimestamp) {
  Scheduler s;
  Nanoseconds seen = 0;
  s.schedule_in(5 * kMillisecond, [&] { seen = s.now(); });
  s.advance_by(kMillisecond * 100);
  EXPECT_EQ(seen, 5 * kMillisecond);
  EXPECT_EQ(s.now(), 100 * kMillisecond);
}

TEST(Scheduler, PastEventsRunAtTheNextAdvanceWithoutMovingTimeBack) {
  Scheduler s;
  s.advance_to(1000);
  Nanoseconds seen = 0;
  s.schedule_at(10, [&] { seen = s.now(); });
  s.advance_by(0);
  EXPECT_EQ(seen, 1000u);
}

TEST(Scheduler, CancelAllDropsPendingEvents) {
  Scheduler s;
  bool ran = false;
  s.schedule_in(10, [&] { ran = true; });
  s.cancel_all();
  s.advance_by(100);
  EXPECT_FALSE(ran);
  EXPECT_EQ(s.pending(), 0u);
}

}  // namespace
}  // namespace kb::sim
