// The subdistrict admin's communities: add one — its estates with buildings, units and public spots,
// its staff, its property company and contacts, its team lead, as `xiuhua seed` does for the demo — or
// open one already on the platform, filled in, and save changes to it. The directory's PUT replaces
// the whole entry: what the form does not show is kept (community.js). Every missing or refused field
// is marked where it is, and the page scrolls to the first.

import { del, get, put, session } from '../api.js';
import { blankForm, bodyOf, formOf, keyOf, keysOf, newCompany, newEstate, problemsOf } from '../community.js';
import EstateFields from '../components/estatefields.js';
import PeopleFields from '../components/peoplefields.js';

const { ref, reactive, computed, nextTick, onMounted } = Vue;

export default {
  components: { EstateFields, PeopleFields },
  setup() {
    const me = session.get().me;
    const estates = ref([]);
    const form = reactive(blankForm());
    const errors = reactive({});
    const saving = ref(false);
    const opening = ref('');
    const error = ref('');
    let roster = [];  // the team's members as read, for the leads' fields the form does not show

    const communities = computed(() => {
      const by = new Map();
      for (const e of estates.value) {
        if (!by.has(e.community)) by.set(e.community, { id: e.community, name: e.community_name, estates: [] });
        by.get(e.community).estates.push(e.estate_name);
      }
      return [...by.values()];
    });
    async function list() {
      estates.value = (await get('/intake/v1/estates')).filter((e) => e.subdistrict === me.subdistrict);
    }
    onMounted(list);

    function reset(values, members = []) {
      roster = members;
      Object.keys(errors).forEach((k) => delete errors[k]);
      error.value = '';
      Object.assign(form, values);
    }
    async function open(id) {
      opening.value = id;
      try {
        const [community, members] = await Promise.all([
          get(`/intake/v1/communities/${id}`),
          get(`/assignment/v1/teams/${id}/members`).catch((e) => (e.status === 404 ? { items: [] } : Promise.reject(e))),
        ]);
        reset(formOf(community, members.items), members.items);
        await nextTick();
        document.querySelector('.onboard-form')?.scrollIntoView({ block: 'start' });
      } catch (e) {
        vant.showToast(e.message);
      } finally {
        opening.value = '';
      }
    }

    // Marks every problem on its field (an unplaced one in the message at the bottom) and scrolls to the first.
    async function mark(problems, message = '') {
      Object.keys(errors).forEach((k) => delete errors[k]);
      Object.assign(errors, problems);
      error.value = message;
      await nextTick();
      const first = document.querySelector('.onboard-form .van-field__error-message')?.closest('.van-field')
        || document.querySelector('.onboard-form .error');
      first?.scrollIntoView({ block: 'center' });
      first?.querySelector('input:not([readonly]), textarea')?.focus({ preventScroll: true });
    }
    async function refused(e, moves = [], at = null) {
      const keys = keysOf(form);
      const problems = {};
      const unplaced = [];
      for (const d of e.details || []) {
        const key = at ? keyOf(`${at}.${d.field}`, keys) : keyOf(d.field, keys, moves);
        const words = d.problem || d.msg || '';
        if (key && !problems[key]) problems[key] = words || e.message;
        else if (words) unplaced.push(words);
      }
      const placed = Object.keys(problems).length;
      await mark(problems, placed && !unplaced.length ? `${e.message}：请查看标红的项` : [e.message, ...unplaced].join('：'));
    }

    async function saveLeads() {
      const kept = new Set(form.leads.map((p) => p.id));
      for (const [i, p] of form.leads.entries()) {
        if (p.fresh && !p.name && !p.phone) continue;
        const was = roster.find((m) => m.id === p.id);
        if (was && was.name === p.name && was.phone === p.phone) continue;
        const rest = was ? { areas: was.areas, estates: was.estates, active: was.active, party_member: was.party_member,
                             capacity: was.capacity, leave: was.leave, places: was.places, weekdays: was.weekdays,
                             hours: was.hours } : { areas: [] };
        try {
          await put(`/assignment/v1/teams/${form.id}/members/${p.id}`, { ...rest, name: p.name, phone: p.phone, role: 'lead' });
        } catch (e) {
          throw Object.assign(e, { at: `lead.${i}` });
        }
      }
      // a lead taken off the form leaves the roster once the others are saved (a team keeps one on duty)
      for (const m of roster.filter((r) => r.role === 'lead' && !kept.has(r.id))) {
        await del(`/assignment/v1/teams/${form.id}/members/${m.id}`);
      }
    }

    async function submit() {
      const problems = problemsOf(form, communities.value.map((c) => c.id));
      if (Object.keys(problems).length) { await mark(problems, '还有未填或填错的项，已标红'); return; }
      saving.value = true;
      const { body, moves } = bodyOf(form, me.subdistrict);
      let step = 'community';
      try {
        await put(`/intake/v1/communities/${form.id}`, body);
        step = 'team';
        if (!form.editing) {
          await put(`/assignment/v1/teams/${form.id}`, { name: form.team || `${form.name}自治服务队`, subdistrict: me.subdistrict });
        }
        await saveLeads();
        await mark({});
        vant.showSuccessToast(form.editing ? '已保存' : '社区已添加');
        await list();
        if (form.editing) await open(form.id);
        else reset(blankForm());
      } catch (e) {
        await refused(e, step === 'community' ? moves : [], e.at || null);
      } finally {
        saving.value = false;
      }
    }
    return { form, errors, communities, saving, opening, error, submit, open, reset, blankForm, newEstate, newCompany };
  },
  template: `
    <section class="onboard">
      <van-cell-group inset title="本街道的社区（点开查看和修改）">
        <van-cell v-for="c in communities" :key="c.id" :title="c.name" :label="c.estates.join('、')" is-link
                  class="task-card" @click="open(c.id)">
          <template #value><van-loading v-if="opening === c.id" size="16" /><span v-else>修改</span></template>
        </van-cell>
        <van-empty v-if="!communities.length" description="还没有社区" />
      </van-cell-group>
      <van-form @submit="submit" class="onboard-form">
        <div class="form-head">
          <h2>{{ form.editing ? '修改：' + form.kept.name : '新增社区' }}</h2>
          <van-button v-if="form.editing" size="small" plain round native-type="button" @click="reset(blankForm())">改为新增社区</van-button>
        </div>
        <van-cell-group inset title="社区">
          <van-field v-model="form.name" label="社区名称" name="name" required maxlength="40" placeholder="如：花园社区"
                     :error-message="errors.name" />
          <van-field v-model="form.id" label="社区编号" name="id" required maxlength="32" :readonly="form.editing"
                     placeholder="如：huayuan（小写字母、数字、-）" :error-message="errors.id" />
          <van-field v-if="!form.editing" v-model="form.team" label="服务队名称" name="team" maxlength="40"
                     placeholder="默认：社区名称+自治服务队" :error-message="errors.team" />
        </van-cell-group>
        <van-cell-group v-for="(e, i) in form.estates" :key="i" inset :title="'小区 ' + (i + 1)">
          <EstateFields :estate="e" :at="'estates.' + i" :errors="errors" :removable="e.fresh && form.estates.length > 1"
                        @remove="form.estates.splice(i, 1)" />
        </van-cell-group>
        <div class="actions"><van-button size="small" plain round type="primary" native-type="button" @click="form.estates.push(newEstate())">再添加一个小区</van-button></div>
        <van-cell-group inset title="社区工作者">
          <PeopleFields :list="form.staff" at="staff" :errors="errors" :editing="form.editing" add="再添加一位社区工作者" />
        </van-cell-group>
        <van-cell-group v-for="(c, i) in form.companies" :key="i" inset :title="'物业公司' + (form.companies.length > 1 ? i + 1 : '')">
          <van-field v-model="c.name" label="公司名称" :name="'property_companies.' + i + '.name'" maxlength="40"
                     placeholder="如：春澜物业" :error-message="errors['property_companies.' + i + '.name']" />
          <PeopleFields :list="c.contacts" :at="'property_companies.' + i + '.contacts'" :errors="errors"
                        :editing="form.editing" name="联系人" numbered add="再添加一位联系人" />
        </van-cell-group>
        <div v-if="form.editing" class="actions"><van-button size="small" plain round type="primary" native-type="button" @click="form.companies.push(newCompany())">再添加一家物业公司</van-button></div>
        <van-cell-group inset title="服务队队长">
          <PeopleFields :list="form.leads" at="lead" :errors="errors" :editing="form.editing" add="再添加一位队长" />
        </van-cell-group>
        <p v-if="error" class="error" role="alert">{{ error }}</p>
        <p v-if="form.editing" class="hint">编号与手机号一一对应：某人换了手机号，请删除此人，再用新编号添加。</p>
        <div class="actions"><van-button round block type="primary" native-type="submit" :loading="saving">{{ form.editing ? '保存修改' : '添加社区' }}</van-button></div>
      </van-form>
    </section>`,
};
