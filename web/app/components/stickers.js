// QR stickers for the spot (扫码报事): choose an estate and a building (or its public spots), get an
// A4 PDF to print. For community staff, the lead and the subdistrict's admins. The page says which
// address the codes open, and warns when only the server reaches it (127.0.0.1 under `make run`):
// such a sticker opens nothing on a phone.

import { file, get } from '../api.js';

const { ref, computed, onMounted, watch } = Vue;

export default {
  props: { community: { type: String, required: true } },
  setup(props) {
    const estates = ref([]);
    const estate = ref('');
    const building = ref('');
    const busy = ref(false);
    const error = ref('');
    const sheet = ref(null);  // what the codes open
    watch(estate, async (id) => {
      sheet.value = id ? await get(`/intake/v1/communities/${props.community}/estates/${id}/stickers`).catch(() => null) : null;
    });
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
    return { estates, estate, building, buildings, busy, error, print, sheet };
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
      <p v-if="sheet" class="hint">二维码打开的地址：<code class="address">{{ sheet.address }}</code></p>
      <p v-if="sheet && sheet.only_here" class="sticker-warning" role="alert">这个地址只有服务器本机能打开，手机扫码打不开。
        请先把平台的对外地址（XIUHUA_PUBLIC_URL）设为手机能访问的地址再打印；本地演示可用
        <code>make run GATEWAY_HOST=0.0.0.0 XIUHUA_DEV_SMS_INBOX=0</code>。</p>
      <p v-if="error" class="error" role="alert">{{ error }}</p>
    </van-cell-group>`,
};
