// People of a community's entry, one row each — staff, a property company's contacts, the team's
// leads: name and phone; a new one's 编号 when editing (an id names one phone for good, so a person
// already on the platform keeps theirs: a new phone is a new person, removed and added again).

import { newPerson } from '../community.js';

export default {
  props: { list: { type: Array, required: true }, at: { type: String, required: true },
           errors: { type: Object, required: true }, editing: { type: Boolean, default: false },
           name: { type: String, default: '姓名' }, numbered: { type: Boolean, default: false },
           add: { type: String, default: '添加' } },
  setup(props) {
    // the first row's labels stay plain (姓名, 手机号) unless every row is numbered (联系人1, 手机号1)
    const suffix = (i) => (props.numbered || i ? String(i + 1) : '');
    const key = (i, field) => `${props.at}.${i}.${field}`;
    return { suffix, key, newPerson };
  },
  template: `
    <template v-for="(p, i) in list" :key="i">
      <van-field v-if="editing && p.fresh" v-model="p.id" :label="'编号' + suffix(i)" :name="key(i, 'id')" maxlength="32"
                 placeholder="留空自动生成（小写字母、数字、-）" :error-message="errors[key(i, 'id')]" />
      <van-field v-model="p.name" :label="name + suffix(i)" :name="key(i, 'name')" maxlength="30"
                 :error-message="errors[key(i, 'name')]" />
      <van-field v-model="p.phone" :label="'手机号' + suffix(i)" :name="key(i, 'phone')" type="tel" maxlength="11"
                 :error-message="errors[key(i, 'phone')]">
        <template v-if="editing || list.length > 1" #button>
          <van-button size="mini" plain type="danger" native-type="button" @click="list.splice(i, 1)"
                      :aria-label="'删除' + (p.name || '第' + (i + 1) + '行')">删除</van-button>
        </template>
      </van-field>
    </template>
    <div class="inline-action">
      <van-button size="small" plain round type="primary" native-type="button" @click="list.push(newPerson())">{{ add }}</van-button>
    </div>`,
};
