// An estate's place catalogue, kept by the community's staff and lead: buildings and their units,
// public spots (garage zones and pillars, lifts, gates, green belts). Residents pick from it; QR
// stickers are printed from it.

import { get, put, session } from '../api.js';

const { ref, reactive, computed, onMounted } = Vue;

const KINDS = [['garage', '车库'], ['gate', '大门'], ['green', '绿化'], ['lift', '电梯'], ['parking', '车棚'], ['other', '其他']];

export default {
  setup() {
    const me = session.get().me;
    const community = ref(null);
    const estateId = ref('');
    const draft = reactive({ buildings: [], spots: [] });
    const saving = ref(false);
    const error = ref('');

    function pick(id) {
      estateId.value = id;
      const estate = community.value.estates.find((e) => e.id === id);
      draft.buildings = estate.buildings.map((b) => ({ ...b }));
      draft.spots = estate.spots.map((s) => ({ ...s }));
    }
    onMounted(async () => {
      try {
        community.value = await get(`/intake/v1/communities/${me.community}`);
        pick(community.value.estates[0]?.id);
      } catch (e) {
        error.value = e.message;
      }
    });
    const nextId = (list, prefix) => {
      let n = list.length + 1;
      while (list.some((x) => x.id === `${prefix}${n}`)) n += 1;
      return `${prefix}${n}`;
    };
    const addBuilding = () => draft.buildings.push({ id: nextId(draft.buildings, 'b'), name: `${draft.buildings.length + 1}幢`, units: 2 });
    const addSpot = () => draft.spots.push({ id: nextId(draft.spots, 's'), name: '', kind: 'garage' });
    async function save() {
      error.value = '';
      saving.value = true;
      try {
        const body = { buildings: draft.buildings.map((b) => ({ ...b, units: Number(b.units) || 1 })), spots: draft.spots };
        community.value = await put(`/intake/v1/communities/${me.community}/estates/${estateId.value}/places`, body);
        vant.showSuccessToast('位置已保存');
      } catch (e) {
        const details = (e.details || []).map((d) => d.problem || d.msg).filter(Boolean);
        error.value = details.length ? `${e.message}：${details.join('；')}` : e.message;
      } finally {
        saving.value = false;
      }
    }
    const estates = computed(() => community.value?.estates || []);
    return { estates, estateId, draft, saving, error, pick, addBuilding, addSpot, save, KINDS };
  },
  template: `
    <section class="places">
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-skeleton v-if="!estates.length && !error" :row="6" />
      <template v-else>
        <div class="chips" role="radiogroup" aria-label="小区">
          <button v-for="e in estates" :key="e.id" type="button" class="chip" role="radio" :aria-checked="estateId === e.id"
                  :class="{ on: estateId === e.id }" @click="pick(e.id)">{{ e.name }}</button>
        </div>
        <van-cell-group inset title="公共区域（车库分区和柱号、电梯、大门、绿化带…）">
          <div v-for="(s, i) in draft.spots" :key="s.id" class="place-row">
            <input v-model="s.name" :aria-label="'公共区域名称' + (i + 1)" placeholder="如：地下车库B区 12号柱" maxlength="40">
            <select v-model="s.kind" :aria-label="'类型' + (i + 1)"><option v-for="[k, l] in KINDS" :key="k" :value="k">{{ l }}</option></select>
            <van-button size="mini" plain type="danger" @click="draft.spots.splice(i, 1)">删除</van-button>
          </div>
          <div class="actions"><van-button size="small" round plain type="primary" @click="addSpot">添加公共区域</van-button></div>
        </van-cell-group>
        <van-cell-group inset title="楼栋">
          <div v-for="(b, i) in draft.buildings" :key="b.id" class="place-row">
            <input v-model="b.name" :aria-label="'楼栋名称' + (i + 1)" maxlength="40">
            <label>单元数 <input v-model="b.units" type="number" min="1" max="50" class="short" :aria-label="'单元数' + (i + 1)"></label>
            <van-button size="mini" plain type="danger" @click="draft.buildings.splice(i, 1)">删除</van-button>
          </div>
          <div class="actions"><van-button size="small" round plain type="primary" @click="addBuilding">添加楼栋</van-button></div>
        </van-cell-group>
        <div class="actions"><van-button round block type="primary" :loading="saving" @click="save">保存位置</van-button></div>
      </template>
    </section>`,
};
