#pragma once
// Sees every host transaction of a campaign run (I2C transfers and 32-bit register accesses), counts
// them, says where each one is in the flow, and cuts the bench's supply when the sweep says so.
//
// A bus cut lands *before* transaction k: the bench is powered off and the transaction goes out on a
// dead bus. Cutting before the response read of an STSAFE command is the interesting case: the
// command was written and may have run, but the host never sees its answer.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "tools/campaign/transaction_names.h"

namespace kb::sim {
class Bench;
}

namespace kb::tools::campaign {

struct TransactionInfo {
  uint64_t index = 0;
  // An operation boundary: an STSAFE command frame write, or a register write on the nRF bus. The
  // oracles compare the device's persistent state with its images at operation boundaries.
  bool starts_operation = false;
  std::string where;
};

class TransactionTap {
 public:
  explicit TransactionTap(kb::sim::Bench& bench) : bench_(bench) {}

  // Called by the instrumented buses before a transaction goes out. Returns false when the supply
  // is cut (the transaction then meets a dead bus). Descriptions are built only when someone reads
  // them: a sweep runs most transactions without looking.
  bool before(const RawTransaction& t);

  void cut_before_transaction(uint64_t index) { cut_at_ = index; }
  // Checked before every transaction: a device whose NVM cut fired takes the bench's supply with it.
  void set_device_cut_probe(std::function<bool()> fired) { device_cut_ = std::move(fired); }
  // Recording runs look at every transaction before it goes out.
  void set_observer(std::function<void(const TransactionInfo&)> observer) { observer_ = std::move(observer); }

  uint64_t transactions() const { return count_; }
  bool cut() const { return cut_; }
  // The transaction that met the dead bus first.
  const std::string& cut_where() const { return cut_where_; }

 private:
  std::string describe(const RawTransaction& t) const { return describe_transaction(t, last_command_); }

  kb::sim::Bench& bench_;
  uint64_t count_ = 0;
  std::optional<uint64_t> cut_at_;
  bool cut_ = false;
  std::string cut_where_;
  CommandHeader last_command_;
  std::function<bool()> device_cut_;
  std::function<void(const TransactionInfo&)> observer_;
};

}  // namespace kb::tools::campaign
