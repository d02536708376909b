#include "tools/campaign/transaction_tap.h"

#include "simulator/bench/bench.h"

namespace kb::tools::campaign {

bool TransactionTap::before(const RawTransaction& t) {
  const uint64_t index = count_++;
  if (t.kind == RawTransaction::Kind::kI2cWrite) last_command_ = command_header(t.tx);
  if (!cut_) {
    const bool device_died = device_cut_ && device_cut_();
    if (device_died || (cut_at_ && index == *cut_at_)) {
      // The supply goes for the whole bench: every device restarts and nobody answers until the
      // campaign powers it up again.
      bench_.power_off();
      cut_ = true;
      cut_where_ = describe(t);
    }
  }
  if (observer_) observer_(TransactionInfo{index, starts_operation(t), describe(t)});
  return !cut_;
}

}  // namespace kb::tools::campaign
