#include "simulator/bench/bench.h"

#include "simulator/fault/fault_injector.h"
#include "simulator/files/atomic_file.h"
#include "simulator/rtl/rtl_bus.h"

namespace kb::sim {

namespace {
constexpr const char* kStateFormat = "keybench-state/1";

std::string hex_address(uint8_t address7) {
  const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[address7 >> 4] + digits[address7 & 0x0F];
}

// A device that reads SDA itself (the ATECC608A's wake) reads it off the lines on the RTL bus, and
// off each transaction's wire view on the transaction level; never both.
void connect_sda_reader(I2cBus& bus, Device& device) {
  I2cWireListener* listener = device.wire_listener();
  if (listener == nullptr) return;
  auto* watcher = dynamic_cast<SdaWatcher*>(&device);
  if (watcher != nullptr && bus.is_bit_level()) {
    bus.remove_wire_listener(listener);
    rtl::add_sda_watcher(*bus.bit_level(), watcher);
  } else {
    bus.add_wire_listener(listener);
  }
}

// Refuses a state whose own configuration puts the device at another bus address.
void check_configured_address(const Device& device, uint8_t bench_address7, const JsonView& where) {
  const std::optional<uint8_t> own = device.configured_address7();
  if (own && *own != bench_address7) {
    where.fail("the " + std::string(device.kind()) + "'s configuration puts it at " + hex_address(*own) +
               ", the bench at " + hex_address(bench_address7));
  }
}
}  // namespace

const char* bus_level_name(BusLevel level) {
  return level == BusLevel::kRtl ? "rtl" : "transaction";
}

Bench::Bench(uint32_t rate_hz) : bus_(scheduler_, rate_hz) {}

void Bench::set_bus_level(BusLevel level) {
  if (level == bus_level()) return;
  if (faults_) fault::FaultInjector::check_bus_level(faults_->plan(), level);
  bus_.set_bit_level(level == BusLevel::kRtl ? rtl::make_rtl_bus(scheduler_) : nullptr);
  for (auto& d : devices_) connect_sda_reader(bus_, *d.device);
}

Bench::~Bench() = default;

fault::FaultInjector& Bench::install_fault_plan(const fault::FaultPlan& plan) {
  fault::FaultInjector::check_fits(*this, plan);
  // The old injector unhooks before the new one hooks in.
  faults_.reset();
  faults_ = std::make_unique<fault::FaultInjector>(*this, plan);
  return *faults_;
}

void Bench::clear_fault_plan() {
  faults_.reset();
}

Device& Bench::add(std::string name, uint8_t address7, std::unique_ptr<Device> device) {
  for (auto& d : devices_) {
    if (d.name == name) throw std::invalid_argument("device name \"" + name + "\" used twice");
  }
  if (I2cTarget* t = device->i2c_target()) bus_.attach(address7, t);
  connect_sda_reader(bus_, *device);
  devices_.push_back(BenchDevice{std::move(name), address7, std::move(device)});
  return *devices_.back().device;
}

Device* Bench::find(std::string_view name) {
  for (auto& d : devices_) {
    if (d.name == name) return d.device.get();
  }
  return nullptr;
}

nlohmann::json Bench::default_fixture() {
  return {
      {"bus", {{"rate_hz", kDefaultRateHz}}},
      {"devices",
       {{{"name", "stsafe"},
         {"type", "stsafe-a120"},
         {"address", "0x20"},
         {"state", {{"personalisation", "factory"}}}}}},
  };
}

std::unique_ptr<Bench> Bench::make_default() {
  return from_json(default_fixture(), "<default bench>");
}

std::unique_ptr<Bench> Bench::from_file(const std::string& path) {
  return from_json(load_json_file(path), path);
}

std::unique_ptr<Bench> Bench::from_json(const nlohmann::json& fixture, const std::string& source) {
  JsonView root(fixture, source);
  root.expect_only({"description", "bus", "devices"});
  uint32_t rate = kDefaultRateHz;
  if (root.has("bus")) {
    JsonView bus = root.at("bus");
    bus.expect_only({"rate_hz", "level"});
    if (bus.has("rate_hz")) {
      JsonView r = bus.at("rate_hz");
      rate = static_cast<uint32_t>(r.as_uint(3400000));
      if (rate != 100000 && rate != 400000 && rate != 1000000) r.fail("bus rate must be 100000, 400000 or 1000000 Hz");
    }
  }
  auto bench = std::make_unique<Bench>(rate);
  if (root.has("bus") && root.at("bus").has("level")) {
    JsonView l = root.at("bus").at("level");
    if (l.as_choice({"transaction", "rtl"}) == 1) {
      try {
        bench->set_bus_level(BusLevel::kRtl);
      } catch (const BusLevelError& e) {
        l.fail(e.what());
      }
    }
  }
  JsonView devices = root.at("devices");
  for (size_t i = 0; i < devices.size(); ++i) {
    JsonView d = devices.at(i);
    d.expect_only({"name", "type", "address", "state", "timing_ms"});
    std::string name = d.at("name").as_string();
    if (bench->find(name) != nullptr) d.at("name").fail("device name \"" + name + "\" used twice");
    auto device = make_device(d.at("type"), bench->scheduler());
    uint8_t address = 0;
    if (device->i2c_target() != nullptr) {
      JsonView a = d.at("address");
      address = a.as_i2c_address();
      if (bench->bus().target_at(address) != nullptr) a.fail("address already taken by another device");
    } else if (d.has("address")) {
      d.at("address").fail("a " + std::string(device->kind()) + " is not on the I2C bus and takes no address");
    }
    if (d.has("timing_ms")) device->set_timing_ms(d.at("timing_ms"));
    if (d.has("state")) device->load_state(d.at("state"));
    if (device->i2c_target() != nullptr) check_configured_address(*device, address, d.has("state") ? d.at("state") : d);
    bench->add(std::move(name), address, std::move(device));
  }
  return bench;
}

void Bench::power_off() {
  powered_ = false;
  scheduler_.cancel_all();
  for (auto& d : devices_) d.device->power_cycle();
}

nlohmann::json Bench::save_state() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : devices_) {
    list.push_back({{"name", d.name}, {"type", std::string(d.device->kind())}, {"state", d.device->save_state()}});
  }
  return {{"format", kStateFormat}, {"virtual_time_ns", scheduler_.now()}, {"devices", list}};
}

void Bench::save_state_file(const std::string& path) const {
  // State files hold host keys: private when new, and written atomically so a kill or a full disk
  // leaves the previous state whole.
  files::write_file_atomically(path, save_state().dump(2) + "\n", files::Privacy::kPrivate);
}

void Bench::load_state(const nlohmann::json& state, const std::string& source) {
  JsonView root(state, source);
  root.expect_only({"format", "virtual_time_ns", "devices"});
  JsonView format = root.at("format");
  if (format.as_string() != kStateFormat) format.fail(std::string("expected \"") + kStateFormat + "\"");
  JsonView list = root.at("devices");
  if (list.size() != devices_.size())
    list.fail("state lists " + std::to_string(list.size()) + " devices, the bench has " +
              std::to_string(devices_.size()));
  // Validate everything on scratch copies first, so a bad entry changes nothing.
  std::vector<std::pair<Device*, JsonView>> plan;
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView e = list.at(i);
    e.expect_only({"name", "type", "state"});
    std::string name = e.at("name").as_string();
    Device* d = find(name);
    if (d == nullptr) e.at("name").fail("no device named \"" + name + "\" on this bench");
    if (e.at("type").as_string() != d->kind())
      e.at("type").fail("device \"" + name + "\" is a " + std::string(d->kind()));
    auto scratch = make_device(e.at("type"), scheduler_);
    scratch->load_state(e.at("state"));
    for (const auto& bd : devices_) {
      if (bd.device.get() == d && d->i2c_target() != nullptr)
        check_configured_address(*scratch, bd.address7, e.at("state"));
    }
    plan.emplace_back(d, e.at("state"));
  }
  // A plan in force sees none of the load's NVM writes: they are not the run's, and a fault among
  // them would leave a device half-loaded.
  struct Suspend {
    fault::FaultInjector* injector;
    explicit Suspend(fault::FaultInjector* i) : injector(i) {
      if (injector != nullptr) injector->set_suspended(true);
    }
    ~Suspend() {
      if (injector != nullptr) injector->set_suspended(false);
    }
  } suspend(faults_.get());
  for (auto& [device, view] : plan) device->load_state(view);
}

void Bench::load_state_file(const std::string& path) {
  load_state(load_json_file(path), path);
}

}  // namespace kb::sim
