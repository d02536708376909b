// The RTL bus: Verilated target front ends, their adapters to the device models, and the
// bit-level initiator (simulator/rtl/rtl_bus.h).
#include "simulator/rtl/rtl_bus.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "Vi2c_target.h"
#include "simulator/bus/i2c_bus.h"
#include "simulator/rtl/i2c_timing.h"
#include "simulator/rtl/rtl_faults.h"
#include "verilated.h"

namespace kb::sim::rtl {

namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();
constexpr Nanoseconds kNever = std::numeric_limits<Nanoseconds>::max();
// Cycles after the last change before nothing more can happen: two synchronizer flops, the spike
// filter (50 ns / 20 ns + 2 samples), the state update, the adapter's answer and its effect.
constexpr unsigned kSettleCycles = 2 + (kSpikeFilterNs / kSampleClockNs + 2) + 4;
constexpr uint8_t kReleasedLine = 0xFF;

// One front end and the adapter from its byte handshake to a device model's transactions.
struct Port {
  Port(VerilatedContext& context, uint8_t a, I2cTarget* t) : model(&context, "i2c_target"), address7(a), target(t) {
    model.address = a;
    reset();
  }
  void reset() {
    // An asynchronous reset acts on the falling edge of rst_n: raise it first.
    model.rst_n = 1;
    model.eval();
    model.rst_n = 0;
    model.clk = 0;
    model.scl_i = 1;
    model.sda_i = 1;
    model.dev_ack_valid_i = 0;
    model.tx_valid_i = 0;
    model.busy_i = 0;
    model.eval();
    model.rst_n = 1;
    model.eval();
    pending_at = kNever;
    idle = true;
  }

  Vi2c_target model;
  uint8_t address7;
  I2cTarget* target;

  // The transaction the initiator is running at this port's address (bench knowledge: the models'
  // interface is whole transactions, so the adapter needs the length the initiator means).
  const BitLevelHooks* hooks = nullptr;
  size_t expected = 0;            // bytes to write / read
  size_t nack_at = kNone;         // fault: NACK this written byte, deliver nothing
  std::vector<uint8_t> received;  // written bytes so far
  size_t taken = kNone;           // what on_write took, when it took fewer than offered
  std::vector<uint8_t> to_send;   // the model's read bytes
  size_t sent = 0;
  bool dropped = false;  // the write was NACKed: the model gets none of it
  // A device answer held back (clock stretch fault) until pending_at.
  Nanoseconds pending_at = kNever;
  bool pending_ack = false;
  bool idle = true;  // nothing on the handshake since the last settle
};

}  // namespace

struct RtlFaultState {
  std::optional<SdaGlitch> glitch;
  std::optional<SdaHold> hold;
  std::optional<SdaHoldAfterStop> hold_after_stop;  // armed: starts at the next STOP
  std::optional<SclGlitch> scl_glitch;
  std::optional<SclStretch> stretch;
  std::optional<ArbitrationLoss> arbitration;
  bool skip_stop = false;

  // The faults aimed at a bit of one transaction: one that did not come by its end is dropped.
  void end_transaction() {
    glitch.reset();
    scl_glitch.reset();
    stretch.reset();
    arbitration.reset();
  }
};

class RtlBus final : public I2cBitLevel {
 public:
  explicit RtlBus(Scheduler& scheduler) : scheduler_(scheduler), timing_(timing_for_rate(400000)) { context_.debug(0); }

  void attach(uint8_t address7, I2cTarget* target) override {
    detach(address7);
    ports_.push_back(std::make_unique<Port>(context_, address7, target));
  }
  void detach(uint8_t address7) override {
    ports_.erase(std::remove_if(ports_.begin(), ports_.end(), [&](const auto& p) { return p->address7 == address7; }),
                 ports_.end());
  }
  void set_rate_hz(uint32_t rate_hz) override { timing_ = timing_for_rate(rate_hz); }
  void set_stretch_timeout_ns(Nanoseconds ns) override { timeout_ns_ = ns; }
  void set_line_observer(std::function<void(Nanoseconds, bool, bool)> observer) override {
    observer_ = std::move(observer);
    if (observer_) observer_(scheduler_.now(), scl_, sda_);
  }
  void add_sda_watcher(SdaWatcher* watcher) {
    if (std::find(sda_watchers_.begin(), sda_watchers_.end(), watcher) == sda_watchers_.end()) {
      sda_watchers_.push_back(watcher);
    }
  }

  BitLevelResult write(uint8_t address7, std::span<const uint8_t> data, bool repeated_start, bool stop,
                       const BitLevelHooks& hooks) override;
  BitLevelResult read(uint8_t address7, std::span<uint8_t> out, bool repeated_start,
                      const BitLevelHooks& hooks) override;

  RtlFaultState faults;

 private:
  // ---- lines ---------------------------------------------------------------------------------
  void resolve(Nanoseconds at) {
    bool scl = !drive_scl_low_;
    bool sda = !drive_sda_low_ && !other_initiator_sda_low_ &&
               !(faults.hold && !faults.hold->released && at < faults.hold->until_ns);
    for (const auto& p : ports_) {
      scl = scl && !p->model.scl_oe;
      sda = sda && !p->model.sda_oe;
    }
    if (glitch_active_) sda = !sda;
    if (scl_glitch_active_) scl = !scl;
    if (scl != scl_ || sda != sda_) {
      const bool sda_changed = sda != sda_;
      scl_ = scl;
      sda_ = sda;
      quiet_ = 0;
      if (observer_) observer_(at, scl_, sda_);
      if (sda_changed) {
        for (SdaWatcher* w : sda_watchers_) w->on_sda(at, sda_);
      }
    }
  }
  void drive_scl_low(bool low) {
    drive_scl_low_ = low;
    resolve(scheduler_.now());
  }
  void drive_sda_low(bool low) {
    drive_sda_low_ = low;
    resolve(scheduler_.now());
  }

  // ---- the front ends' clock ------------------------------------------------------------------
  void cycle();
  void adapt(Port& p);
  bool quiescent() const { return quiet_ >= kSettleCycles; }
  Nanoseconds next_pending() const {
    Nanoseconds n = kNever;
    for (const auto& p : ports_) n = std::min(n, p->pending_at);
    if (faults.hold && !faults.hold->released && faults.hold->until_ns > rtl_time_)
      n = std::min(n, faults.hold->until_ns);
    if (stretch_until_ > rtl_time_) n = std::min(n, stretch_until_);
    return n;
  }
  // Runs the front ends up to virtual time t (or until stop() holds), skipping quiet cycles.
  template <typename Stop>
  bool run_until(Nanoseconds t, Stop stop);
  void run_until(Nanoseconds t) {
    run_until(t, [] { return false; });
  }
  void hold(Nanoseconds d) { run_until(scheduler_.now() + d); }
  // Releases SCL and waits for it to go high; false when a target held it low past the timeout.
  bool release_scl();

  // ---- initiator -----------------------------------------------------------------------------
  enum class Step : uint8_t { kOk, kTimeout, kArbitrationLost };
  // One bit. sends: the bit is the initiator's own (address, write data, or its acknowledge of a
  // read byte), so it reads SDA back and stops when a 1 it sent reads as 0.
  Step clock_bit(bool release_sda, bool sends, bool& sampled);
  // The SCL-low time after SDA has been set for bit `bit`, with an SCL spike if one is aimed there.
  void low_after_data(uint64_t bit);
  // A target aimed at this bit starts holding SCL low (the front end's busy input).
  void start_stretch(uint64_t bit);
  void end_stretch();
  // After a lost arbitration: the initiator drives nothing; a second initiator that won ends its
  // transfer with a STOP.
  BusOutcome lose_arbitration();
  Step send_byte(uint8_t byte, bool& acked);
  Step receive_byte(uint8_t& byte, bool ack);
  BusOutcome start(bool repeated);
  // The end of a transaction: its STOP, unless a fault has the initiator keep the bus.
  Step stop();
  Step send_stop();
  bool recover();
  BusOutcome time_out();
  // The outcome of a failed step inside a transaction.
  BusOutcome failed(Step step) { return step == Step::kTimeout ? time_out() : lose_arbitration(); }
  void begin(uint8_t address7, const BitLevelHooks& hooks, size_t expected);
  Port* port_at(uint8_t address7) {
    for (auto& p : ports_) {
      if (p->address7 == address7) return p.get();
    }
    return nullptr;
  }
  // Counts bits for the glitch fault.
  void count_bit();

  Scheduler& scheduler_;
  VerilatedContext context_;
  std::vector<std::unique_ptr<Port>> ports_;
  I2cTiming timing_;
  Nanoseconds timeout_ns_ = I2cBus::kDefaultStretchTimeoutNs;
  std::function<void(Nanoseconds, bool, bool)> observer_;
  std::vector<SdaWatcher*> sda_watchers_;  // devices that read SDA themselves (the ATECC608A's wake)
  bool drive_scl_low_ = false;
  bool drive_sda_low_ = false;
  bool scl_ = true;
  bool sda_ = true;
  bool glitch_active_ = false;
  bool scl_glitch_active_ = false;
  bool other_initiator_sda_low_ = false;  // a second initiator's SDA (arbitration fault)
  bool holding_bus_ = false;              // the last transaction ended without STOP
  uint8_t address7_ = 0;                  // the current transaction's target
  Port* stretching_ = nullptr;            // the port holding SCL through its busy input
  Nanoseconds stretch_until_ = kNever;
  Nanoseconds rtl_time_ = 0;  // time of the last front-end clock edge
  unsigned quiet_ = kSettleCycles;
  uint64_t bits_ = 0;  // SCL pulses since the last START (glitch fault)
};

RtlFaultState& rtl_faults(I2cBitLevel& bus) {
  auto* rtl = dynamic_cast<RtlBus*>(&bus);
  if (rtl == nullptr) throw BusLevelError("this fault needs the RTL bus (--bus rtl)");
  return rtl->faults;
}

void add_sda_watcher(I2cBitLevel& bus, SdaWatcher* watcher) {
  auto* rtl = dynamic_cast<RtlBus*>(&bus);
  if (rtl == nullptr) throw BusLevelError("only the RTL bus has SDA lines to watch (--bus rtl)");
  rtl->add_sda_watcher(watcher);
}

void inject_sda_glitch(I2cBitLevel& bus, const SdaGlitch& glitch) {
  rtl_faults(bus).glitch = glitch;
}

void hold_sda_low(I2cBitLevel& bus, const SdaHold& hold) {
  rtl_faults(bus).hold = hold;
}

void hold_sda_low_after_stop(I2cBitLevel& bus, const SdaHoldAfterStop& hold) {
  rtl_faults(bus).hold_after_stop = hold;
}

void inject_scl_glitch(I2cBitLevel& bus, const SclGlitch& glitch) {
  rtl_faults(bus).scl_glitch = glitch;
}

void stretch_scl_at_bit(I2cBitLevel& bus, const SclStretch& stretch) {
  rtl_faults(bus).stretch = stretch;
}

void skip_next_stop(I2cBitLevel& bus) {
  rtl_faults(bus).skip_stop = true;
}

void lose_arbitration(I2cBitLevel& bus, const ArbitrationLoss& loss) {
  rtl_faults(bus).arbitration = loss;
}

void RtlBus::cycle() {
  rtl_time_ += kSampleClockNs;
  if (rtl_time_ > scheduler_.now()) scheduler_.advance_to(rtl_time_);
  if (faults.hold && faults.hold->until_ns != kNever && rtl_time_ >= faults.hold->until_ns && !faults.hold->released) {
    faults.hold->released = true;
    resolve(rtl_time_);
  }
  if (stretching_ != nullptr && rtl_time_ >= stretch_until_) end_stretch();
  bool busy = false;
  for (auto& p : ports_) {
    Vi2c_target& m = p->model;
    m.scl_i = scl_;
    m.sda_i = sda_;
    m.clk = 0;
    m.eval();
    m.clk = 1;
    m.eval();
    m.dev_ack_valid_i = 0;
    m.tx_valid_i = 0;
    adapt(*p);
    busy = busy || !p->idle;
  }
  const bool was_scl = scl_;
  const bool was_sda = sda_;
  resolve(rtl_time_);
  if (busy || was_scl != scl_ || was_sda != sda_) {
    quiet_ = 0;
  } else {
    ++quiet_;
  }
}

void RtlBus::adapt(Port& p) {
  Vi2c_target& m = p.model;
  p.idle = true;
  if (m.start_o || m.stop_o) {
    p.received.clear();
    p.sent = 0;
    p.dropped = false;
  }
  if (p.pending_at != kNever) {
    if (rtl_time_ < p.pending_at) return;
    p.pending_at = kNever;
    m.dev_ack_valid_i = 1;
    m.dev_ack_i = p.pending_ack;
    p.idle = false;
    return;
  }
  if (m.addr_valid_o) {
    p.idle = false;
    const bool is_read = m.rw_o != 0;
    AddressPhaseFault fault;
    if (p.hooks != nullptr && p.hooks->address_fault) fault = p.hooks->address_fault();
    // Asked after the fault hook, which may just have reset the device.
    const bool acked = !fault.nack && (is_read ? p.target->accept_read() : p.target->accept_write());
    if (acked && is_read) {
      p.to_send.assign(p.expected, 0);
      p.target->on_read(p.to_send);
    }
    if (acked && !is_read && p.expected == 0) (void)p.target->on_write({});  // an address probe
    if (acked && fault.stretch_ns > 0) {
      // The device takes its time over the address: SCL stays low until it answers.
      p.pending_at = rtl_time_ + fault.stretch_ns;
      p.pending_ack = true;
      return;
    }
    m.dev_ack_valid_i = 1;
    m.dev_ack_i = acked;
  } else if (m.rx_valid_o) {
    p.idle = false;
    const size_t index = p.received.size() + (p.dropped ? 1 : 0);
    bool ack = true;
    if (p.dropped || index == p.nack_at) {
      ack = false;
      p.dropped = true;
    } else {
      p.received.push_back(m.rx_byte_o);
      if (p.received.size() == p.expected) {
        // The whole write has arrived: the model takes it as one transaction, and a model that
        // takes fewer bytes than it was given NACKs this last one.
        const size_t taken = p.target->on_write(p.received);
        if (taken < p.received.size()) {
          p.taken = taken;
          ack = false;
        }
      }
    }
    m.dev_ack_valid_i = 1;
    m.dev_ack_i = ack;
  } else if (m.tx_req_o) {
    p.idle = false;
    m.tx_valid_i = 1;
    m.tx_byte_i = p.sent < p.to_send.size() ? p.to_send[p.sent] : kReleasedLine;
    ++p.sent;
  }
}

template <typename Stop>
bool RtlBus::run_until(Nanoseconds t, Stop stop) {
  for (;;) {
    if (stop()) return true;
    if (quiescent()) {
      const Nanoseconds next = next_pending();
      if (next != kNever && next <= t) {
        // Jump to just before the held-back answer and clock through it.
        if (next > rtl_time_ + kSampleClockNs) rtl_time_ = next - kSampleClockNs;
        quiet_ = 0;
        cycle();
        continue;
      }
      rtl_time_ = std::max(rtl_time_, t);
      scheduler_.advance_to(std::max(scheduler_.now(), t));
      return stop();
    }
    if (rtl_time_ + kSampleClockNs > t) {
      scheduler_.advance_to(std::max(scheduler_.now(), t));
      return stop();
    }
    cycle();
  }
}

bool RtlBus::release_scl() {
  drive_scl_low(false);
  if (!scl_) {
    // A target stretches the clock: wait for it, up to the host's timeout.
    const Nanoseconds deadline = scheduler_.now() + timeout_ns_;
    if (!run_until(deadline, [this] { return scl_; })) return false;
  }
  if (faults.hold && !faults.hold->released && faults.hold->clocks > 0 && --faults.hold->clocks == 0) {
    // The stuck target has clocked out what it was holding SDA for.
    faults.hold->released = true;
    resolve(scheduler_.now());
  }
  return true;
}

void RtlBus::count_bit() {
  const uint64_t bit = bits_++;
  if (faults.glitch && !faults.glitch->done && bit == faults.glitch->at_bit) {
    // A spike on SDA in the middle of this bit's SCL-high time.
    faults.glitch->done = true;
    hold(timing_.high / 2);
    glitch_active_ = true;
    resolve(scheduler_.now());
    run_until(scheduler_.now() + faults.glitch->width_ns);
    glitch_active_ = false;
    resolve(scheduler_.now());
    hold(timing_.high - timing_.high / 2 - std::min(faults.glitch->width_ns, timing_.high - timing_.high / 2));
  } else {
    hold(timing_.high);
  }
}

void RtlBus::low_after_data(uint64_t bit) {
  const Nanoseconds rest = timing_.low - timing_.hd_dat;
  if (!faults.scl_glitch || bit != faults.scl_glitch->at_bit) {
    hold(rest);
    return;
  }
  // The spike sits in the middle of what is left of the low time, clear of the SDA change before
  // it and of the initiator's rising edge after it; a spike too wide for that lengthens the low time.
  const Nanoseconds width = faults.scl_glitch->width_ns;
  faults.scl_glitch.reset();
  const Nanoseconds margin = std::max<Nanoseconds>(rest > width ? (rest - width) / 2 : 0, rest / 4);
  hold(margin);
  scl_glitch_active_ = true;
  resolve(scheduler_.now());
  run_until(scheduler_.now() + width);
  scl_glitch_active_ = false;
  resolve(scheduler_.now());
  hold(std::max<Nanoseconds>(rest > width + margin ? rest - width - margin : 0, rest / 4));
}

void RtlBus::start_stretch(uint64_t bit) {
  if (!faults.stretch || bit != faults.stretch->at_bit) return;
  Port* p = port_at(address7_);
  const Nanoseconds ns = faults.stretch->stretch_ns;
  faults.stretch.reset();
  if (p == nullptr) return;
  // From the moment the initiator lets go of SCL: the time the initiator waits for it.
  stretching_ = p;
  stretch_until_ = scheduler_.now() + ns;
  p->model.busy_i = 1;
  p->model.eval();
  quiet_ = 0;
}

void RtlBus::end_stretch() {
  if (stretching_ != nullptr) {
    stretching_->model.busy_i = 0;
    stretching_->model.eval();
  }
  stretching_ = nullptr;
  stretch_until_ = kNever;
  quiet_ = 0;
}

RtlBus::Step RtlBus::clock_bit(bool release_sda, bool sends, bool& sampled) {
  // SCL is low, driven by the initiator: change SDA after the hold time, then one SCL pulse.
  const uint64_t bit = bits_;
  hold(timing_.hd_dat);
  drive_sda_low(!release_sda);
  if (faults.arbitration && sends && release_sda && bit >= faults.arbitration->at_bit) {
    // The other initiator sends 0 where ours sends 1, in the same low time.
    faults.arbitration.reset();
    other_initiator_sda_low_ = true;
    resolve(scheduler_.now());
  }
  low_after_data(bit);
  start_stretch(bit);
  if (!release_scl()) return Step::kTimeout;
  count_bit();
  sampled = sda_;
  // Reading back what it sent is how an initiator finds it is not alone on the bus (UM10204 3.1.8):
  // it stops driving at once and leaves SCL high.
  if (sends && release_sda && !sampled) return Step::kArbitrationLost;
  drive_scl_low(true);
  return Step::kOk;
}

RtlBus::Step RtlBus::send_byte(uint8_t byte, bool& acked) {
  bool level = false;
  for (int i = 7; i >= 0; --i) {
    if (const Step s = clock_bit(((byte >> i) & 1u) != 0, true, level); s != Step::kOk) return s;
  }
  if (const Step s = clock_bit(true, false, level); s != Step::kOk) return s;
  acked = !level;
  return Step::kOk;
}

RtlBus::Step RtlBus::receive_byte(uint8_t& byte, bool ack) {
  bool level = false;
  byte = 0;
  for (int i = 0; i < 8; ++i) {
    if (const Step s = clock_bit(true, false, level); s != Step::kOk) return s;
    byte = static_cast<uint8_t>(byte << 1 | (level ? 1 : 0));
  }
  return clock_bit(!ack, true, level);
}

bool RtlBus::recover() {
  // Nine SCL pulses give a target that holds SDA low the clocks to finish its byte and let go;
  // then a STOP puts every target back to idle (UM10204 3.1.16).
  for (int i = 0; i < 9 && !sda_; ++i) {
    drive_scl_low(true);
    hold(timing_.low);
    if (!release_scl()) return false;
    hold(timing_.high);
  }
  if (!sda_) return false;
  drive_scl_low(true);
  return send_stop() == Step::kOk && sda_ && scl_;
}

BusOutcome RtlBus::start(bool repeated) {
  // The last transaction kept the bus (no STOP): this START is a repeated one.
  repeated = repeated || holding_bus_;
  holding_bus_ = false;
  if (repeated) {
    // SCL is low after the last acknowledge: SDA up, SCL up, then SDA down while SCL is high.
    hold(timing_.hd_dat);
    drive_sda_low(false);
    hold(timing_.low - timing_.hd_dat);
    if (!release_scl()) return time_out();
    hold(timing_.su_sta);
  } else {
    run_until(scheduler_.now());
    resolve(scheduler_.now());
    if (!scl_ && !release_scl()) return time_out();
    if (!sda_ && !recover()) return BusOutcome::kBusError;
  }
  drive_sda_low(true);
  hold(timing_.hd_sta);
  drive_scl_low(true);
  bits_ = 0;
  return BusOutcome::kAck;
}

RtlBus::Step RtlBus::stop() {
  if (faults.skip_stop) {
    // The initiator ends the transfer without a STOP and keeps SCL low: the bus stays its own.
    faults.skip_stop = false;
    faults.end_transaction();
    holding_bus_ = true;
    return Step::kOk;
  }
  return send_stop();
}

RtlBus::Step RtlBus::send_stop() {
  // SCL is low: SDA down, SCL up, then SDA up while SCL is high, and the bus-free time.
  hold(timing_.hd_dat);
  drive_sda_low(true);
  hold(timing_.low - timing_.hd_dat);
  if (!release_scl()) return Step::kTimeout;
  hold(timing_.su_sto);
  drive_sda_low(false);
  faults.end_transaction();
  hold(timing_.buf);
  if (faults.hold_after_stop) {
    // A stuck target takes SDA once the bus has gone free.
    const SdaHoldAfterStop h = *faults.hold_after_stop;
    faults.hold = SdaHold{h.clocks > 0 ? kNever : scheduler_.now() + h.hold_ns, false, h.clocks};
    faults.hold_after_stop.reset();
    resolve(scheduler_.now());
  }
  return Step::kOk;
}

BusOutcome RtlBus::time_out() {
  // The target held SCL past the timeout. It gives up as an SMBus target must (its interface
  // resets once SCL has been low that long), and the initiator lets go of the bus.
  for (auto& p : ports_) p->reset();
  stretching_ = nullptr;
  stretch_until_ = kNever;
  faults.end_transaction();
  faults.skip_stop = false;
  holding_bus_ = false;
  other_initiator_sda_low_ = false;
  drive_sda_low(false);
  drive_scl_low(false);
  hold(timing_.buf);
  return BusOutcome::kTimeout;
}

BusOutcome RtlBus::lose_arbitration() {
  // SCL is high and SDA released by this initiator. A winner ends its transfer with a STOP; a
  // target that pulled SDA low out of step keeps it until the next START's recovery clocks.
  faults.end_transaction();
  faults.skip_stop = false;
  holding_bus_ = false;
  drive_sda_low(false);
  drive_scl_low(false);
  if (other_initiator_sda_low_) {
    hold(timing_.su_sto);
    other_initiator_sda_low_ = false;
    resolve(scheduler_.now());
    hold(timing_.buf);
  }
  return BusOutcome::kArbitrationLost;
}

void RtlBus::begin(uint8_t address7, const BitLevelHooks& hooks, size_t expected) {
  address7_ = address7;
  for (auto& p : ports_) {
    const bool mine = p->address7 == address7;
    p->hooks = mine ? &hooks : nullptr;
    p->expected = mine ? expected : 0;
    p->nack_at = kNone;
    p->taken = kNone;
  }
}

BitLevelResult RtlBus::write(uint8_t address7, std::span<const uint8_t> data, bool repeated_start, bool stop_after,
                             const BitLevelHooks& hooks) {
  BitLevelResult r{BusOutcome::kAck, {}, 0};
  begin(address7, hooks, data.size());
  r.outcome = start(repeated_start);
  if (r.outcome != BusOutcome::kAck) return r;
  bool acked = false;
  if (const Step s = send_byte(static_cast<uint8_t>(address7 << 1), acked); s != Step::kOk) {
    r.outcome = failed(s);
    return r;
  }
  if (!acked) {
    r.outcome = stop() == Step::kOk ? BusOutcome::kAddressNack : time_out();
    return r;
  }
  std::vector<uint8_t> bytes(data.begin(), data.end());
  if (hooks.write_data_fault) {
    const size_t n = hooks.write_data_fault(bytes);
    if (Port* p = port_at(address7); p != nullptr && n < bytes.size()) p->nack_at = n;
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    r.clocked.push_back(bytes[i]);
    if (const Step s = send_byte(bytes[i], acked); s != Step::kOk) {
      r.acked = i;
      r.outcome = failed(s);
      return r;
    }
    if (!acked) {
      const Port* p = port_at(address7);
      r.acked = p != nullptr && p->taken != kNone ? p->taken : i;
      r.outcome = stop() == Step::kOk ? BusOutcome::kDataNack : time_out();
      return r;
    }
  }
  r.acked = bytes.size();
  if (stop_after && stop() == Step::kTimeout) r.outcome = time_out();
  return r;
}

BitLevelResult RtlBus::read(uint8_t address7, std::span<uint8_t> out, bool repeated_start, const BitLevelHooks& hooks) {
  BitLevelResult r{BusOutcome::kAck, {}, 0};
  begin(address7, hooks, out.size());
  r.outcome = start(repeated_start);
  if (r.outcome != BusOutcome::kAck) return r;
  bool acked = false;
  if (const Step s = send_byte(static_cast<uint8_t>(address7 << 1 | 1), acked); s != Step::kOk) {
    r.outcome = failed(s);
    return r;
  }
  if (!acked) {
    r.outcome = stop() == Step::kOk ? BusOutcome::kAddressNack : time_out();
    return r;
  }
  for (size_t i = 0; i < out.size(); ++i) {
    // The initiator acknowledges every byte but the last.
    if (const Step s = receive_byte(out[i], i + 1 < out.size()); s != Step::kOk) {
      r.outcome = failed(s);
      return r;
    }
    r.clocked.push_back(out[i]);
  }
  r.acked = out.empty() ? 0 : out.size() - 1;
  if (stop() == Step::kTimeout) r.outcome = time_out();
  return r;
}

bool rtl_bus_available() {
  return true;
}

std::unique_ptr<I2cBitLevel> make_rtl_bus(Scheduler& scheduler) {
  return std::make_unique<RtlBus>(scheduler);
}

}  // namespace kb::sim::rtl
