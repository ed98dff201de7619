// The subdistrict admin adds a community: its estates with buildings, units and public spots, its
// staff, its property company and contacts, and its team lead — what `xiuhua seed` does for the demo.

import { get, put, session } from '../api.js';

const { ref, reactive, onMounted } = Vue;

const blankEstate = () => ({ id: '', name: '', households: 0, buildings: 10, units: 2,
                             spots: '地下车库A区\n地下车库B区\n北门\n南门\n中心绿地' });
const SPOT_KINDS = [['车库', 'garage'], ['门', 'gate'], ['绿', 'green'], ['电梯', 'lift'], ['棚', 'parking']];

export default {
  setup() {
    const me = session.get().me;
    const existing = ref([]);
    const saving = ref(false);
    const error = ref('');
    const form = reactive({
      id: '', name: '', team: '', estates: [blankEstate()],
      staff: { name: '', phone: '' }, company: { name: '', contacts: [{ name: '', phone: '' }, { name: '', phone: '' }] },
      lead: { name: '', phone: '' },
    });
    onMounted(async () => {
      const all = await get('/intake/v1/estates');
      existing.value = all.filter((e) => e.subdistrict === me.subdistrict);
    });

    const slug = (text) => text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
    function community() {
      const id = form.id;
      const estates = form.estates.map((e) => ({
        id: e.id, name: e.name, households: Number(e.households) || 0,
        buildings: Array.from({ length: Number(e.buildings) || 0 }, (_, i) => ({ id: `b${i + 1}`, name: `${i + 1}幢`,
                                                                                 units: Number(e.units) || 1 })),
        spots: e.spots.split('\n').map((s) => s.trim()).filter(Boolean).map((name, i) => ({
          id: `s${i + 1}`, name, kind: (SPOT_KINDS.find(([word]) => name.includes(word)) || [null, 'other'])[1] })),
      }));
      const people = (list, prefix) => list.filter((p) => p.name && p.phone)
        .map((p, i) => ({ id: `${id}-${prefix}${i + 1}`, name: p.name, phone: p.phone }));
      return {
        name: form.name, subdistrict: me.subdistrict, estates, staff: people([form.staff], 'staff'),
        property_companies: form.company.name ? [{ id: `${id}-wuye`, name: form.company.name,
                                                   estates: estates.map((e) => e.id),
                                                   contacts: people(form.company.contacts, 'wuye') }] : [],
        settings: { auto_close_days: 7, reopen_days: 7 },
      };
    }

    async function submit() {
      error.value = '';
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(form.id)) { error.value = '社区编号只能用小写字母、数字和 -'; return; }
      if (existing.value.some((e) => e.community === form.id)) { error.value = '该社区编号已存在'; return; }
      saving.value = true;
      try {
        await put(`/intake/v1/communities/${form.id}`, community());
        await put(`/assignment/v1/teams/${form.id}`, { name: form.team || `${form.name}自治服务队`, subdistrict: me.subdistrict });
        if (form.lead.name && form.lead.phone) {
          await put(`/assignment/v1/teams/${form.id}/members/${form.id}-lead`,
                    { name: form.lead.name, phone: form.lead.phone, role: 'lead', areas: [] });
        }
        vant.showSuccessToast('社区已添加');
        existing.value = (await get('/intake/v1/estates')).filter((e) => e.subdistrict === me.subdistrict);
        Object.assign(form, { id: '', name: '', team: '', estates: [blankEstate()] });
      } catch (e) {
        const details = (e.details || []).map((d) => d.problem || d.msg).filter(Boolean);
        error.value = details.length ? `${e.message}：${details.join('；')}` : e.message;
      } finally {
        saving.value = false;
      }
    }
    return { form, existing, saving, error, submit, slug, add: () => form.estates.push(blankEstate()),
             remove: (i) => form.estates.splice(i, 1) };
  },
  template: `
    <section class="onboard">
      <van-cell-group inset title="本街道的社区">
        <van-cell v-for="e in existing" :key="e.community + e.estate" :title="e.community_name" :value="e.estate_name" />
        <van-empty v-if="!existing.length" description="还没有社区" />
      </van-cell-group>
      <van-form @submit="submit">
        <van-cell-group inset title="社区">
          <van-field v-model="form.name" label="社区名称" required maxlength="40" placeholder="如：花园社区" />
          <van-field v-model="form.id" label="社区编号" required maxlength="32" placeholder="如：huayuan（小写字母、数字、-）" />
          <van-field v-model="form.team" label="服务队名称" maxlength="40" placeholder="默认：社区名称+自治服务队" />
        </van-cell-group>
        <van-cell-group v-for="(e, i) in form.estates" :key="i" inset :title="'小区 ' + (i + 1)">
          <van-field v-model="e.name" label="小区名称" required maxlength="40" placeholder="如：春澜璟园" />
          <van-field v-model="e.id" label="小区编号" required maxlength="32" placeholder="如：chunlan" />
          <van-field v-model="e.households" label="户数" type="digit" />
          <van-field v-model="e.buildings" label="楼栋数" type="digit" />
          <van-field v-model="e.units" label="每栋单元数" type="digit" />
          <van-field v-model="e.spots" label="公共区域" type="textarea" rows="4" placeholder="每行一个，如：地下车库A区" />
          <van-cell v-if="form.estates.length > 1"><van-button size="small" plain type="danger" @click="remove(i)">删除该小区</van-button></van-cell>
        </van-cell-group>
        <div class="actions"><van-button size="small" plain round type="primary" native-type="button" @click="add">再添加一个小区</van-button></div>
        <van-cell-group inset title="社区工作者">
          <van-field v-model="form.staff.name" label="姓名" maxlength="30" />
          <van-field v-model="form.staff.phone" label="手机号" type="tel" maxlength="11" />
        </van-cell-group>
        <van-cell-group inset title="物业公司">
          <van-field v-model="form.company.name" label="公司名称" maxlength="40" placeholder="如：春澜物业" />
          <template v-for="(c, i) in form.company.contacts" :key="i">
            <van-field v-model="c.name" :label="'联系人' + (i + 1)" maxlength="30" />
            <van-field v-model="c.phone" :label="'手机号' + (i + 1)" type="tel" maxlength="11" />
          </template>
        </van-cell-group>
        <van-cell-group inset title="服务队队长">
          <van-field v-model="form.lead.name" label="姓名" maxlength="30" />
          <van-field v-model="form.lead.phone" label="手机号" type="tel" maxlength="11" />
        </van-cell-group>
        <p v-if="error" class="error" role="alert">{{ error }}</p>
        <div class="actions"><van-button round block type="primary" native-type="submit" :loading="saving">添加社区</van-button></div>
      </van-form>
    </section>`,
};
