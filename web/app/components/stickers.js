// QR stickers for the spot (扫码报事): choose an estate and a building (or its public spots), get an
// A4 PDF to print. For community staff, the lead and the subdistrict's admins.

import { file, get } from '../api.js';

const { ref, computed, onMounted } = Vue;

export default {
  props: { community: { type: String, required: true } },
  setup(props) {
    const estates = ref([]);
    const estate = ref('');
    const building = ref('');
    const busy = ref(false);
    const error = ref('');
    onMounted(async () => {
      try {
        estates.value = (await get(`/intake/v1/communities/${props.community}`)).estates;
        estate.value = estates.value[0]?.id || '';
      } catch (e) {
        error.value = e.message;
      }
    });
    const buildings = computed(() => estates.value.find((e) => e.id === estate.value)?.buildings || []);
    async function print() {
      error.value = '';
      busy.value = true;
      try {
        const q = building.value ? `?building=${encodeURIComponent(building.value)}` : '';
        const pdf = await file(`/intake/v1/communities/${props.community}/estates/${estate.value}/stickers.pdf${q}`);
        window.open(URL.createObjectURL(pdf), '_blank');
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = false;
      }
    }
    return { estates, estate, building, buildings, busy, error, print };
  },
  template: `
    <van-cell-group inset title="扫码报事贴纸（贴在现场，扫码即可报事，位置自动填好）" class="stickers">
      <div class="sticker-form">
        <label>小区 <select v-model="estate" @change="building = ''">
          <option v-for="e in estates" :key="e.id" :value="e.id">{{ e.name }}</option></select></label>
        <label>位置 <select v-model="building">
          <option value="">公共区域（车库、大门、绿地…）</option>
          <option v-for="b in buildings" :key="b.id" :value="b.id">{{ b.name }}各单元</option></select></label>
        <van-button size="small" round type="primary" :loading="busy" :disabled="!estate" @click="print">生成A4贴纸（PDF）</van-button>
        <router-link to="/places" class="more">维护位置目录</router-link>
        <router-link v-if="estate" :to="'/board/' + community + '/' + estate" class="more">小区服务公示</router-link>
      </div>
      <p v-if="error" class="error" role="alert">{{ error }}</p>
    </van-cell-group>`,
};
