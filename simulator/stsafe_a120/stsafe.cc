#include "simulator/stsafe_a120/stsafe.h"

#include <stdexcept>
#include <string>
#include <variant>

#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/command_names.h"
#include "simulator/stsafe_a120/frame_decoder.h"
#include "simulator/stsafe_a120/host_session.h"
#include "simulator/stsafe_a120/response.h"
#include "simulator/stsafe_a120/state_json.h"
#include "simulator/stsafe_a120/timing.h"

namespace kb::sim::stsafe_a120 {

namespace {
// Bytes read past the end of a response: nobody drives SDA, the pull-up reads as ones.
constexpr uint8_t kReleasedLine = 0xFF;
}  // namespace

Stsafe::Stsafe(kb::sim::Scheduler& scheduler) : scheduler_(scheduler), nvm_(stsafe_nvm_geometry()), store_(nvm_) {
  store_.write_all(factory_state());
  reload_state();
}

void Stsafe::power_cycle() {
  ++epoch_;
  pending_frame_.reset();
  response_.reset();
  running_.reset();
  torn_activity_.clear();
  forced_status_.reset();
  hibernating_until_reset_ = false;
  volatile_.clear();
  // A power cut may have torn an NVM write; the chip boots from whatever the NVM holds.
  reload_state();
}

std::string Stsafe::activity() const {
  if (!running_) return torn_activity_;
  std::string line = describe_command(running_->code, running_->ext_code);
  if (const auto& write = nvm_.current_write()) line += " / " + nvm_record_name(write->offset);
  return line;
}

nlohmann::json Stsafe::save_state() const {
  return state_to_json(state_);
}

void Stsafe::load_state(const JsonView& state) {
  // Parse and validate everything first: a bad value throws before the NVM is touched.
  set_state(state_from_json(state));
}

void Stsafe::set_state(const State& state) {
  store_.write_all(state);
  reload_state();
}

void Stsafe::set_host_key_control(const HostKeyControl& control) {
  store_.write_host_key_control(control);
  reload_state();
}

void Stsafe::set_host_key(const HostKeySlot& slot) {
  store_.write_host_key(slot);
  reload_state();
}

void Stsafe::set_symmetric_key(size_t slot, const SymmetricKeySlot& key) {
  // The NVM decoder drops a record it cannot read as a key of this slot, so such a record would
  // silently vanish: refuse it here instead.
  if (slot >= kSymmetricSlotCount) throw std::invalid_argument("symmetric key slot beyond 15");
  if (key.present) {
    if (key.info.slot != slot) throw std::invalid_argument("key info names another slot");
    if (!key_info_problem(key.info).empty()) throw std::invalid_argument(std::string(key_info_problem(key.info)));
    if (key.key.size() != symmetric_key_length(key.info.type)) throw std::invalid_argument("key length != key type");
  }
  store_.write_symmetric_key(slot, key);
  reload_state();
}

void Stsafe::set_command_access(const CommandAccessTable& table) {
  store_.write_command_access(table);
  reload_state();
}

void Stsafe::inject_next_ecdhe_private_key(std::span<const uint8_t> private_key) {
  if (!chip_crypto::p256_private_key_is_valid(private_key)) {
    throw std::invalid_argument("not a P-256 private key: need 32 bytes, 1 <= d < n");
  }
  volatile_.next_ecdhe_private_key.emplace(private_key.begin(), private_key.end());
}

bool Stsafe::accept_write() {
  return !busy() && !hibernating_until_reset_;
}

size_t Stsafe::on_write(std::span<const uint8_t> data) {
  // A zero-length write is an address probe, not a command: it leaves the chip as it was.
  if (data.empty()) return 0;
  // Any command write discards the previous response, even one that then overflows.
  response_.reset();
  if (data.size() > kReceiveBufferLength) return kReceiveBufferLength;
  pending_frame_.emplace(data.begin(), data.end());
  torn_activity_.clear();
  const uint8_t code = data[0] & kCodeMask;
  running_ =
      CommandCode{code, code == kExtendedPrefix && data.size() > 1 ? std::optional<uint8_t>(data[1]) : std::nullopt};
  const uint64_t epoch = epoch_;
  std::weak_ptr<int> alive = alive_;
  scheduler_.schedule_at(scheduler_.now() + times_.busy_time(data), [this, alive, epoch] {
    if (alive.expired()) return;
    complete(epoch);
  });
  return data.size();
}

void Stsafe::complete(uint64_t epoch) {
  if (epoch != epoch_ || !pending_frame_) return;
  const std::vector<uint8_t> wire = std::move(*pending_frame_);
  pending_frame_.reset();
  std::variant<CommandFrame, Status> decoded = decode_command_frame(wire);
  if (forced_status_) {
    response_ = encode_response(Response::error(static_cast<Status>(*forced_status_)));
    forced_status_.reset();
  } else if (const Status* error = std::get_if<Status>(&decoded)) {
    response_ = encode_response(Response::error(*error));
  } else {
    try {
      response_ = execute_frame(std::get<CommandFrame>(decoded), store_, volatile_);
    } catch (const NvmWriteTorn&) {
      // The supply died mid-command: no answer is ever produced for it, and RAM is gone with it.
      torn_activity_ = activity();
      running_.reset();
      volatile_.clear();
      reload_state();
      return;
    }
    reload_state();
    // Hibernate answered: its RAM is already gone (commands/hibernate.cc); wake mode 02 leaves
    // only a power cycle to bring the chip back. The answer can still be read.
    if (volatile_.hibernate_wake_mode) {
      hibernating_until_reset_ = *volatile_.hibernate_wake_mode == 0x02;
      volatile_.hibernate_wake_mode.reset();
    }
  }
  running_.reset();
  ++commands_executed_;
}

bool Stsafe::accept_read() {
  return !busy() && response_.has_value();
}

void Stsafe::on_read(std::span<uint8_t> out) {
  const std::vector<uint8_t> empty;
  const std::vector<uint8_t>& r = response_ ? *response_ : empty;
  for (size_t i = 0; i < out.size(); ++i) out[i] = i < r.size() ? r[i] : kReleasedLine;
}

}  // namespace kb::sim::stsafe_a120
