#include "tools/campaign/device_image.h"

#include <stdexcept>

#include "simulator/atecc608a/atecc608a.h"
#include "simulator/bench/bench.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/stsafe_a120/state_store.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace kb::tools::campaign {

struct DeviceUnderTest::Impl {
  sim::stsafe_a120::Stsafe* stsafe = nullptr;
  sim::nrf::Nrf5340* nrf = nullptr;
  sim::atecc608a::Atecc608a* atecc = nullptr;
};

DeviceUnderTest::DeviceUnderTest(kb::sim::Bench& bench) : impl_(std::make_unique<Impl>()) {
  impl_->stsafe = bench.first<sim::stsafe_a120::Stsafe>();
  if (impl_->stsafe == nullptr) impl_->nrf = bench.first<sim::nrf::Nrf5340>();
  if (impl_->stsafe == nullptr && impl_->nrf == nullptr) impl_->atecc = bench.first<sim::atecc608a::Atecc608a>();
  if (impl_->stsafe == nullptr && impl_->nrf == nullptr && impl_->atecc == nullptr) {
    throw std::runtime_error("the bench has no device a campaign can cut (an stsafe-a120, an nrf5340 or an atecc608a)");
  }
}

DeviceUnderTest::~DeviceUnderTest() = default;

std::string_view DeviceUnderTest::family() const {
  if (impl_->stsafe != nullptr) return impl_->stsafe->kind();
  return impl_->nrf != nullptr ? impl_->nrf->kind() : impl_->atecc->kind();
}

uint64_t DeviceUnderTest::nvm_words() const {
  if (impl_->stsafe != nullptr) return impl_->stsafe->nvm().words_programmed();
  return impl_->nrf != nullptr ? impl_->nrf->nvmc_words_programmed() : impl_->atecc->nvm().words_programmed();
}

void DeviceUnderTest::arm_power_cut(uint64_t k) {
  if (impl_->stsafe != nullptr) {
    impl_->stsafe->nvm().arm_power_cut_after_words(k);
  } else if (impl_->nrf != nullptr) {
    impl_->nrf->arm_power_cut_after_words(k);
  } else {
    impl_->atecc->nvm().arm_power_cut_after_words(k);
  }
}

bool DeviceUnderTest::power_cut_fired() const {
  if (impl_->stsafe != nullptr) return impl_->stsafe->nvm().power_cut_fired();
  return impl_->nrf != nullptr ? !impl_->nrf->powered() : impl_->atecc->nvm().power_cut_fired();
}

DeviceImage DeviceUnderTest::image() const {
  if (impl_->stsafe != nullptr) {
    sim::Nvm copy = impl_->stsafe->nvm();
    return sim::stsafe_a120::StateStore(copy).read();
  }
  if (impl_->atecc != nullptr) return atecc::Image{impl_->atecc->image()};
  NrfImage image;
  for (uint32_t i = 0; i < sim::nrf::kUicrWords; ++i) image.uicr[i] = impl_->nrf->uicr_word(4 * i);
  return image;
}

std::string DeviceUnderTest::activity() const {
  if (impl_->stsafe != nullptr) return impl_->stsafe->activity();
  return impl_->nrf != nullptr ? impl_->nrf->activity() : impl_->atecc->activity();
}

}  // namespace kb::tools::campaign
