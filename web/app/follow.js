// After a step on a task, the page shows its result at once: assignment answers with the task as it
// now stands, and intake's view of the issue (its status, its timeline) follows by events a moment
// later. Until intake's timeline has the step, the page shows the status the answer stands for and
// says it is updating; it asks intake again for a while, never showing the state before the step.

// the issue's status each task status stands for (intake's issues/service/tasks.py, FOLLOWED)
const ISSUE_STATUS = { assigned: ['assigned', '已派单'], in_progress: ['in_progress', '处理中'],
                       with_property: ['handed_to_property', '已转物业'], resolved: ['resolved', '已办结'] };
// the task's steps intake writes on the timeline, named as assignment records them
const FOLLOWED = new Set(['assigned', 'accepted', 'declined', 'progressed', 'handed_to_property',
                          'property_acknowledged', 'property_promised', 'property_done', 'resolved']);
const { ref, computed, onUnmounted } = Vue;
const TRIES = 30;
const EVERY_MS = 400;  // about 12 seconds in all: the step is kept; only the view is late

const time = (iso) => new Date(iso).getTime();

// The newest step of `after` (the answer) that intake will show, or null (waiting, resuming, 督办).
export function awaited(before, after) {
  const since = Math.max(0, ...(before?.history || []).map((h) => time(h.at)));
  const fresh = (after.history || []).filter((h) => FOLLOWED.has(h.action) && time(h.at) > since);
  return fresh.at(-1) || null;
}

// What the status tag shows while intake catches up: the task's answer, in the issue's words.
export function standing(task) {
  const [status, label] = ISSUE_STATUS[task.status] || [];
  return status ? { status, label } : null;
}

// Intake's timeline has the step (its time as assignment recorded it; MongoDB keeps milliseconds).
export const caughtUp = (items, step) => items.some((e) => e.kind === step.action && time(e.at) >= time(step.at) - 1);

// Ask `read` (intake's issue and timeline) until its timeline has `step`: that answer, or null when
// intake is still behind after the bound or the page was left (`left()`).
export async function until(step, read, left = () => false) {
  for (let i = 0; i < TRIES && !left(); i += 1) {
    const [issue, timeline] = await read();
    if (caughtUp(timeline.items, step)) return [issue, timeline];
    await new Promise((resolve) => { setTimeout(resolve, EVERY_MS); });
  }
  return null;
}

// For a page of one issue: `took(answer)` after any step — intake's issue for intake's own steps,
// assignment's task for a task step (then `pending` holds the status it stands for until intake's
// timeline has it) — and what the page shows meanwhile: the status, who works on it, the handover.
export function useFollow({ issue, task, read, load }) {
  const pending = ref(null);
  let left = false;
  onUnmounted(() => { left = true; });

  async function took(answer) {
    if (answer && answer.issue_id) {
      const step = awaited(task.value, answer);
      task.value = answer;
      if (step) {
        const now = standing(answer) || { status: issue.value.status, label: issue.value.status_label };
        pending.value = { ...now, late: false };
        const seen = await until(step, read, () => left);
        if (!seen) { pending.value = { ...pending.value, late: true }; return; }
        pending.value = null;
      }
    } else if (answer && answer.id) {
      issue.value = answer;
    }
    await load();
  }
  const status = computed(() => pending.value || { status: issue.value?.status, label: issue.value?.status_label });
  const assignee = computed(() => (pending.value && task.value?.assignee) || issue.value?.assignee);
  const handed = computed(() => {
    const p = pending.value && task.value?.property;
    return p ? { company: p.company, asked: p.asked, promised_date: p.promises.at(-1)?.date } : issue.value?.property;
  });
  return { took, pending, status, assignee, handed };
}
