#include "simulator/atecc608a/atecc608a.h"

#include <variant>

#include "simulator/atecc608a/config_options.h"
#include "simulator/atecc608a/dispatcher.h"
#include "simulator/atecc608a/packet.h"
#include "simulator/atecc608a/state_json.h"
#include "simulator/atecc608a/timing.h"

namespace kb::sim::atecc608a {

namespace {
// Bytes read past the end of the output buffer: nobody drives SDA, the pull-up reads as ones.
constexpr uint8_t kReleasedLine = 0xFF;
enum : uint8_t { kWordReset = 0x00, kWordSleep = 0x01, kWordIdle = 0x02, kWordCommand = 0x03 };
}  // namespace

Atecc608a::Atecc608a(kb::sim::Scheduler& scheduler) : scheduler_(scheduler), nvm_(eeprom_geometry()), eeprom_(nvm_) {
  eeprom_.write_image(factory_image());
  asleep_since_ = scheduler_.now();
}

void Atecc608a::power_cycle() {
  ++epoch_;
  ++wake_epoch_;
  // The chip powers up asleep.
  power_ = Power::kSleep;
  asleep_since_ = scheduler_.now();
  input_.clear();
  pending_.reset();
  running_.reset();
  torn_activity_.clear();
  output_.clear();
  read_pointer_ = 0;
  volatile_.clear();
  latches_.power_cycle();
}

nlohmann::json Atecc608a::save_state() const {
  return image_to_json(eeprom_.image());
}

void Atecc608a::load_state(const JsonView& state) {
  // Everything is validated before the NVM is touched.
  set_image(image_from_json(state));
}

void Atecc608a::set_image(const EepromImage& image) {
  eeprom_.write_image(image);
}

std::optional<uint8_t> Atecc608a::configured_address7() const {
  return address7_of(eeprom_.config());
}

std::string Atecc608a::activity() const {
  if (!running_) return torn_activity_;
  std::string line = command_name(*running_);
  if (const auto& write = nvm_.current_write()) line += " / " + eeprom_record_name(write->offset);
  return line;
}

bool Atecc608a::answering() const {
  return power_ == Power::kAwake && scheduler_.now() >= ready_at_ && !busy();
}

bool Atecc608a::accept_write() {
  return answering();
}

size_t Atecc608a::on_write(std::span<const uint8_t> data) {
  if (data.empty()) return 0;  // an address probe
  switch (data[0]) {
    case kWordReset:
      input_.clear();
      read_pointer_ = 0;
      return data.size();
    case kWordSleep: go_to_sleep(); return data.size();
    case kWordIdle: go_idle(); return data.size();
    case kWordCommand: receive_command(data.subspan(1)); return data.size();
    default: return 0;  // a reserved word address is not acknowledged
  }
}

void Atecc608a::receive_command(std::span<const uint8_t> bytes) {
  torn_activity_.clear();
  // The input buffer is a FIFO: after count bytes the rest of the write is ignored.
  for (uint8_t b : bytes) {
    if (input_.empty() || input_.size() < input_[0]) input_.push_back(b);
  }
  if (input_.empty()) return;
  const size_t count = input_[0];
  if (count < 3 || count > kMaxPacket) {
    // A count that cannot frame a packet: the chip reports a communication error at once.
    input_.clear();
    output_ = status_group(Status::kCommunicationError);
    read_pointer_ = 0;
    return;
  }
  if (input_.size() < count) return;  // partial: reads are NACKed until the rest arrives
  std::vector<uint8_t> packet = std::move(input_);
  input_.clear();
  start(std::move(packet));
}

void Atecc608a::start(std::vector<uint8_t> packet) {
  output_.clear();
  read_pointer_ = 0;
  const auto decoded = decode_packet(packet);
  if (const Status* error = std::get_if<Status>(&decoded)) {
    // Found while the packet comes in, before any execution.
    output_ = status_group(*error);
    ++commands_executed_;
    return;
  }
  const uint8_t opcode = std::get<CommandPacket>(decoded).opcode;
  const std::optional<uint32_t> ms = execution_time_ms(opcode, eeprom_.chip_mode());
  if (!ms) {
    output_ = status_group(Status::kParseError);
    ++commands_executed_;
    return;
  }
  const Nanoseconds done = scheduler_.now() + *ms * kMillisecond;
  if (done >= watchdog_at_) {
    // Not enough watchdog time left to finish: refused without running (open question 7).
    output_ = status_group(Status::kWatchdogAboutToExpire);
    ++commands_executed_;
    return;
  }
  pending_ = std::move(packet);
  running_ = opcode;
  const uint64_t epoch = epoch_;
  std::weak_ptr<int> alive = alive_;
  scheduler_.schedule_at(done, [this, alive, epoch] {
    if (alive.expired()) return;
    complete(epoch);
  });
}

void Atecc608a::complete(uint64_t epoch) {
  if (epoch != epoch_ || !pending_) return;
  const std::vector<uint8_t> wire = std::move(*pending_);
  pending_.reset();
  const CommandPacket packet = std::get<CommandPacket>(decode_packet(wire));
  CommandContext context{eeprom_, volatile_, latches_};
  try {
    output_ = encode_group(dispatch(context, packet).payload);
  } catch (const NvmWriteTorn&) {
    // The supply died mid-command: no answer is ever produced, and SRAM is gone with it.
    torn_activity_ = activity();
    running_.reset();
    volatile_.clear();
    latches_.power_cycle();
    output_.clear();
    return;
  }
  read_pointer_ = 0;
  running_.reset();
  ++commands_executed_;
}

bool Atecc608a::accept_read() {
  return answering() && input_.empty();
}

void Atecc608a::on_read(std::span<uint8_t> out) {
  for (uint8_t& b : out) {
    b = read_pointer_ < output_.size() ? output_[read_pointer_] : kReleasedLine;
    ++read_pointer_;
  }
}

void Atecc608a::on_wire(const WireTransaction& t) {
  for (const SdaLowRun& run : sda_low_runs(t)) {
    on_sda(run.from_ns, false);
    on_sda(run.to_ns, true);
  }
}

void Atecc608a::on_sda(Nanoseconds at, bool high) {
  if (!high) {
    sda_low_since_ = at;
    return;
  }
  const std::optional<Nanoseconds> fell = sda_low_since_;
  sda_low_since_.reset();
  if (!fell || power_ == Power::kAwake) return;  // awake (or busy): SDA is just traffic
  if (*fell < asleep_since_) return;
  if (at - *fell >= kWakeLowNs) wake(at);  // on the rising edge
}

void Atecc608a::wake(Nanoseconds edge) {
  ++wake_epoch_;
  power_ = Power::kAwake;
  ready_at_ = edge + kWakeHighNs;
  watchdog_at_ = edge + watchdog_ns(eeprom_.chip_mode());
  input_.clear();
  output_ = status_group(power_on_self_test_passes() ? Status::kAfterWake : Status::kSelfTestError);
  read_pointer_ = 0;
  const uint64_t we = wake_epoch_;
  std::weak_ptr<int> alive = alive_;
  scheduler_.schedule_at(watchdog_at_, [this, alive, we] {
    if (alive.expired() || we != wake_epoch_ || power_ != Power::kAwake) return;
    go_to_sleep();
  });
}

bool Atecc608a::power_on_self_test_passes() {
  if (!chip_options(eeprom_).power_on_self_test()) return true;
  // Every wake runs all tests (open question 6: the token is 04 07 40 C2, CRC as computed).
  constexpr uint8_t kAllTests = 0x3B;
  const uint8_t failed = latches_.broken_self_tests & kAllTests;
  latches_.failed_self_tests = failed;
  return failed == 0;
}

void Atecc608a::go_to_sleep() {
  ++wake_epoch_;
  power_ = Power::kSleep;
  asleep_since_ = scheduler_.now();
  volatile_.clear();
  input_.clear();
  output_.clear();
  read_pointer_ = 0;
}

void Atecc608a::go_idle() {
  ++wake_epoch_;
  power_ = Power::kIdle;
  asleep_since_ = scheduler_.now();
  // The I/O buffer is flushed; TempKey, the SRAM buffers, the SHA context and the RNG state stay.
  input_.clear();
  output_.clear();
  read_pointer_ = 0;
}

}  // namespace kb::sim::atecc608a
